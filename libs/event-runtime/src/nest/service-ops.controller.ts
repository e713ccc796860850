import { Controller, Get, Header, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemDetailsFilter, ProblemException, Public, problem } from '@logisync/http-kit';
import type { EventRuntimeOptions } from './event-runtime.options';
import { RuntimeHealth } from './runtime-health';
import { EVENT_RUNTIME_OPTIONS } from './tokens';

/**
 * Every service's operational endpoints, written once: Prometheus metrics (Node's, the
 * runtime's and whatever the service registers on the same registry), liveness, and readiness
 * (database, migrations, broker, registry, consumer loop) as problem+json 503 naming what is down.
 */
@ApiExcludeController()
@UseFilters(new ProblemDetailsFilter())
@Public()
@Controller()
export class ServiceOpsController {
  constructor(
    @Inject(EVENT_RUNTIME_OPTIONS) private readonly options: EventRuntimeOptions,
    @Inject(RuntimeHealth) private readonly health: RuntimeHealth,
  ) {}

  /**
   * Everything, or with `?name=<metric>` (repeatable) only those metrics: a frequent reader of
   * one counter does not make every business gauge query the database and every histogram
   * render.
   */
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(@Query('name') name?: string | string[]): Promise<string> {
    const registry = this.options.metricsRegistry;
    if (name === undefined) return registry.metrics();
    const names = [name].flat();
    const unknown = names.filter((n) => !registry.getSingleMetric(n));
    if (unknown.length > 0) {
      throw new ProblemException(
        problem(400, 'METRICS.UNKNOWN_NAME', `no metric named ${unknown.join(', ')}`, {
          unknown,
        }),
      );
    }
    const texts = await Promise.all(names.map((n) => registry.getSingleMetricAsString(n)));
    return `${texts.join('\n')}\n`;
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const readiness = await this.health.readiness();
    if (!readiness.ready) {
      const down = Object.entries(readiness.checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name]) => name);
      throw new ProblemException(
        problem(503, 'SERVICE.NOT_READY', `not ready: ${down.join(', ')} down`, {
          checks: readiness.checks,
        }),
      );
    }
    return { status: 'ok', checks: readiness.checks };
  }
}
