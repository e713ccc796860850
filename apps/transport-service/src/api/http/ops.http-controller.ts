import { Controller, Get, Header, Inject, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { RuntimeHealth } from '@logisync/event-runtime';
import { problem, ProblemException } from '@logisync/http-kit';
import { TransportProblemFilter } from './transport-problem.filter';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Prometheus metrics (the runtime's, with the service label) and liveness/readiness probes. */
@ApiExcludeController()
@UseFilters(TransportProblemFilter)
@Controller()
export class OpsHttpController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(RuntimeHealth) private readonly health: RuntimeHealth,
  ) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Database, migrations, broker, registry and consumer loop (the runtime's readiness). */
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
