import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import {
  serviceModules,
  type RuntimeOverrides as BaseRuntimeOverrides,
  type ServiceConfig,
} from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { TransportEventHandlers } from './api/events/transport.event-handlers';
import { CarrierWebhooksHttpController } from './api/http/carrier-webhooks.http-controller';
import { CarriersHttpController } from './api/http/carriers.http-controller';
import { ShipmentsHttpController } from './api/http/shipments.http-controller';
import { TransportProblemFilter } from './api/http/transport-problem.filter';
import { ApplyTransportEventsHandler } from './application/apply-transport-events/apply-transport-events.handler';
import { AssignCarrierHandler } from './application/assign-carrier/assign-carrier.handler';
import { CLOCK, systemClock, type Clock } from './application/clock';
import { CreateCarrierHandler } from './application/create-carrier/create-carrier.handler';
import { CreateLaneHandler } from './application/create-lane/create-lane.handler';
import {
  TENDER_SWEEP_INTERVAL_MS,
  TenderTimeoutSweeper,
} from './application/expire-tenders/tender-timeout.sweeper';
import { GetShipmentQuery } from './application/get-shipment/get-shipment.query';
import { ListShipmentsQuery } from './application/list-shipments/list-shipments.query';
import { RecordCarrierMilestoneHandler } from './application/record-carrier-milestone/record-carrier-milestone.handler';
import { RespondToTenderHandler } from './application/respond-to-tender/respond-to-tender.handler';
import { ShipmentChanges } from './application/shipment-changes';
import { TypeOrmCarrierRepository } from './infrastructure/carrier.repository';
import { openTransportDataSource } from './infrastructure/data-source';
import {
  TypeOrmOrderDestinationRepository,
  TypeOrmShipmentRepository,
} from './infrastructure/shipment.repository';
import { TransportMetrics } from './infrastructure/transport.metrics';
import { UnitOfWork } from './infrastructure/unit-of-work';

/** What tests change: their own topics, group and dead letters, a faster relay, the clock. */
export type RuntimeOverrides = BaseRuntimeOverrides & {
  clock?: Clock;
  /** How often the tender timeout sweeper runs; 0 turns it off (tests call sweep()). */
  tenderSweepIntervalMs?: number;
};

@Module({})
export class AppModule {
  static register(config: ServiceConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const { clock, tenderSweepIntervalMs, ...runtime } = overrides;
    return {
      module: AppModule,
      imports: serviceModules(config, openTransportDataSource, runtime),
      controllers: [
        CarriersHttpController,
        ShipmentsHttpController,
        CarrierWebhooksHttpController,
        TransportEventHandlers,
      ],
      providers: [
        { provide: CLOCK, useValue: clock ?? systemClock },
        { provide: TENDER_SWEEP_INTERVAL_MS, useValue: tenderSweepIntervalMs ?? 1000 },
        UnitOfWork,
        TypeOrmCarrierRepository,
        TypeOrmShipmentRepository,
        TypeOrmOrderDestinationRepository,
        ShipmentChanges,
        CreateCarrierHandler,
        CreateLaneHandler,
        ApplyTransportEventsHandler,
        RespondToTenderHandler,
        RecordCarrierMilestoneHandler,
        AssignCarrierHandler,
        GetShipmentQuery,
        ListShipmentsQuery,
        TenderTimeoutSweeper,
        TransportMetrics,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
        { provide: APP_FILTER, useClass: TransportProblemFilter },
      ],
    };
  }
}
