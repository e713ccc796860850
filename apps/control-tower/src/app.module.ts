import { Module, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { serviceModules, type RuntimeOverrides } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { MilestoneRecorderEventHandlers } from './api/events/milestone-recorder.event-handlers';
import { ControlTowerHttpController } from './api/http/control-tower.http-controller';
import { WebUiHttpController } from './api/http/web-ui.http-controller';
import { DashboardQuery } from './application/dashboard/dashboard.query';
import { ActOnExceptionHandler } from './application/exceptions/act-on-exception.handler';
import { ListExceptionsQuery } from './application/exceptions/list-exceptions.query';
import { GetOrderQuery } from './application/get-order/get-order.query';
import { RecordMilestonesHandler } from './application/record-milestone/record-milestones.handler';
import { SearchQuery } from './application/search/search.query';
import { ServiceHealthQuery } from './application/service-health/service-health.query';
import { SlaWatchdog } from './application/sla-watchdog/sla-watchdog';
import { CONTROL_TOWER_SETTINGS, SERVICE_URLS, SLA_RULES } from './application/tokens';
import type { ControlTowerConfig } from './config';
import { BusinessGauges } from './infrastructure/business-gauges';
import { openControlTowerDataSource } from './infrastructure/data-source';
import { ReadModelRepository } from './infrastructure/read-model.repository';

export type { RuntimeOverrides };

@Module({})
export class AppModule {
  static register(config: ControlTowerConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: serviceModules(config, openControlTowerDataSource, overrides),
      controllers: [
        ControlTowerHttpController,
        WebUiHttpController,
        MilestoneRecorderEventHandlers,
      ],
      providers: [
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
        RecordMilestonesHandler,
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
