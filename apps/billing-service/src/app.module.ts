import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventRuntimeModule, type EventRuntimeOptions } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { BillingEventHandlers } from './api/events/billing.event-handlers';
import { BillingProblemFilter } from './api/http/billing-problem.filter';
import { InvoicesHttpController } from './api/http/invoices.http-controller';
import { ReconciliationHttpController } from './api/http/reconciliation.http-controller';
import { ApplyBillingFactHandler } from './application/apply-billing-fact/apply-billing-fact.handler';
import { BILLING_SETTINGS } from './application/billing-settings';
import { GetInvoiceQuery } from './application/get-invoice/get-invoice.query';
import { HoldInvoiceHandler } from './application/hold-invoice/hold-invoice.handler';
import { ListInvoicesQuery } from './application/list-invoices/list-invoices.query';
import { ListReconciliationRunsQuery } from './application/list-reconciliation-runs/list-reconciliation-runs.query';
import { ReleaseInvoiceHandler } from './application/release-invoice/release-invoice.handler';
import { ReconciliationScheduler } from './application/run-reconciliation/reconciliation.scheduler';
import { RunReconciliationHandler } from './application/run-reconciliation/run-reconciliation.handler';
import type { BillingConfig } from './config';
import { BillingMetrics } from './infrastructure/billing.metrics';
import { BillingCaseRepository } from './infrastructure/billing-case.repository';
import { openBillingDataSource } from './infrastructure/data-source';
import { InvoiceNumberAllocator } from './infrastructure/invoice-number.allocator';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { UnitOfWork } from './infrastructure/unit-of-work';

/** What tests change: their own topics, group and dead letters, a faster relay. */
export type RuntimeOverrides = Partial<
  Pick<EventRuntimeOptions, 'consumer' | 'relay' | 'topicName' | 'logger' | 'metricsRegistry'>
>;

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // Last: the runtime's relay and consumer stop before their connections go.
  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
class DatabaseModule {}

/** One DataSource for the HTTP side, the handlers and the runtime's outbox and inbox. */
function databaseModule(databaseUrl: string): DynamicModule {
  return {
    module: DatabaseModule,
    global: true,
    providers: [{ provide: DataSource, useFactory: () => openBillingDataSource(databaseUrl) }],
    exports: [DataSource],
  };
}

@Module({})
export class AppModule {
  static register(config: BillingConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const database = databaseModule(config.databaseUrl);
    const metricsRegistry = overrides.metricsRegistry ?? new Registry();
    return {
      module: AppModule,
      imports: [
        EventRuntimeModule.forRootAsync({
          imports: [database],
          inject: [DataSource],
          useFactory: (ds: DataSource): EventRuntimeOptions => ({
            service: config.service,
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
      controllers: [InvoicesHttpController, ReconciliationHttpController, BillingEventHandlers],
      providers: [
        DataSourceLifecycle,
        { provide: BILLING_SETTINGS, useValue: config.billing },
        UnitOfWork,
        BillingMetrics,
        BillingCaseRepository,
        InvoiceRepository,
        InvoiceNumberAllocator,
        ApplyBillingFactHandler,
        HoldInvoiceHandler,
        ReleaseInvoiceHandler,
        GetInvoiceQuery,
        ListInvoicesQuery,
        RunReconciliationHandler,
        ListReconciliationRunsQuery,
        ReconciliationScheduler,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
        { provide: APP_FILTER, useClass: BillingProblemFilter },
      ],
    };
  }
}
