import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { serviceModules, type RuntimeOverrides } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { BillingEventHandlers } from './api/events/billing.event-handlers';
import { BillingProblemFilter } from './api/http/billing-problem.filter';
import { InvoicesHttpController } from './api/http/invoices.http-controller';
import { ReconciliationHttpController } from './api/http/reconciliation.http-controller';
import { AdoptPublishedEventsHandler } from './application/adopt-published-events/adopt-published-events.handler';
import { ApplyBillingEventsHandler } from './application/apply-billing-events/apply-billing-events.handler';
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
import { FreightChargeRepository } from './infrastructure/freight-charge.repository';
import { InvoiceNumberAllocator } from './infrastructure/invoice-number.allocator';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { UnitOfWork } from './infrastructure/unit-of-work';

export type { RuntimeOverrides };

/**
 * Own-topic recovery takes billing's published invoices back into a restored database before
 * anything is consumed, so the replay of the inputs issues none of them again.
 */
function withRecovery(config: BillingConfig, overrides: RuntimeOverrides): RuntimeOverrides {
  return {
    ...overrides,
    recovery: { adopt: new AdoptPublishedEventsHandler(config.billing).adopt },
  };
}

@Module({})
export class AppModule {
  static register(config: BillingConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: serviceModules(config, openBillingDataSource, withRecovery(config, overrides)),
      controllers: [InvoicesHttpController, ReconciliationHttpController, BillingEventHandlers],
      providers: [
        { provide: BILLING_SETTINGS, useValue: config.billing },
        UnitOfWork,
        BillingMetrics,
        BillingCaseRepository,
        InvoiceRepository,
        FreightChargeRepository,
        InvoiceNumberAllocator,
        ApplyBillingEventsHandler,
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
