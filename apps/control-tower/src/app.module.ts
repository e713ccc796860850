import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { EventRuntimeModule, type EventRuntimeOptions } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MilestoneRecorderEventHandlers } from './api/events/milestone-recorder.event-handlers';
import { ControlTowerHttpController } from './api/http/control-tower.http-controller';
import { WebUiHttpController } from './api/http/web-ui.http-controller';
import { DashboardQuery } from './application/dashboard/dashboard.query';
import { ActOnExceptionHandler } from './application/exceptions/act-on-exception.handler';
import { ListExceptionsQuery } from './application/exceptions/list-exceptions.query';
import { GetOrderQuery } from './application/get-order/get-order.query';
import { RecordMilestoneHandler } from './application/record-milestone/record-milestone.handler';
import { SearchQuery } from './application/search/search.query';
import { ServiceHealthQuery } from './application/service-health/service-health.query';
import { SlaWatchdog } from './application/sla-watchdog/sla-watchdog';
import { CONTROL_TOWER_SETTINGS, SERVICE_URLS, SLA_RULES } from './application/tokens';
import type { ControlTowerConfig } from './config';
import { BusinessGauges } from './infrastructure/business-gauges';
import { openControlTowerDataSource } from './infrastructure/data-source';
import { ReadModelRepository } from './infrastructure/read-model.repository';

/** What tests change: their own topics, group and dead letters. */
export type RuntimeOverrides = Partial<
  Pick<EventRuntimeOptions, 'consumer' | 'relay' | 'topicName' | 'logger' | 'metricsRegistry'>
>;

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
class DatabaseModule {}

@Module({})
export class AppModule {
  static register(config: ControlTowerConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const database: DynamicModule = {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DataSource, useFactory: () => openControlTowerDataSource(config.databaseUrl) },
      ],
      exports: [DataSource],
    };
    const metricsRegistry = overrides.metricsRegistry ?? new Registry();
    return {
      module: AppModule,
      imports: [
        EventRuntimeModule.forRootAsync({
          imports: [database],
          inject: [DataSource],
          useFactory: (ds: DataSource): EventRuntimeOptions => ({
            service: 'control-tower',
            databaseUrl: config.databaseUrl,
            dataSource: ds,
            kafka: { brokers: config.kafkaBrokers },
            registry: { url: config.registryUrl },
            ...overrides,
            metricsRegistry,
          }),
        }),
        database,
      ],
      controllers: [
        ControlTowerHttpController,
        WebUiHttpController,
        MilestoneRecorderEventHandlers,
      ],
      providers: [
        DataSourceLifecycle,
        { provide: SERVICE_URLS, useValue: config.serviceUrls },
        { provide: SLA_RULES, useValue: config.slaRules },
        {
          provide: CONTROL_TOWER_SETTINGS,
          useValue: {
            slaCheckIntervalMs: config.slaCheckIntervalMs,
            packedNotLoadedSeconds: config.packedNotLoadedSeconds,
          },
        },
        ReadModelRepository,
        RecordMilestoneHandler,
        GetOrderQuery,
        SearchQuery,
        DashboardQuery,
        ListExceptionsQuery,
        ActOnExceptionHandler,
        ServiceHealthQuery,
        SlaWatchdog,
        BusinessGauges,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
      ],
    };
  }
}
