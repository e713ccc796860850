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
import { BillingProblemFilter } from './billing-problem.filter';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Prometheus metrics (the runtime's, with the service label) and liveness/readiness probes. */
@ApiExcludeController()
@UseFilters(BillingProblemFilter)
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
