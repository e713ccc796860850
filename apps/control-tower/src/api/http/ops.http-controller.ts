import {
  Controller,
  Get,
  Header,
  Inject,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ControlTowerProblemFilter } from './control-tower-problem.filter';
import { METRICS_REGISTRY } from './metrics-registry';

/** Prometheus metrics (the runtime's and the KPI gauges) and liveness/readiness probes. */
@ApiExcludeController()
@UseFilters(ControlTowerProblemFilter)
@Controller()
export class OpsHttpController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(DataSource) private readonly dataSource: DataSource,
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

  @Get('health/ready')
  async ready() {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('the database is not reachable');
    }
    return { status: 'ok' };
  }
}
