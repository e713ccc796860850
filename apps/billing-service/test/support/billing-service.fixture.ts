import type { RuntimeLogger, RuntimeOverrides } from '@logisync/event-runtime';
import { startServiceInProcess, type InProcessService } from '@logisync/service-harness';
import { stackEndpoints } from '@logisync/test-kit';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import { defaultTaxRates, type BillingSettings } from '../../src/config';

export type BillingServiceFixture = InProcessService;

/** The service in-process on a database, topics and consumer group of this test file's own. */
export function startBillingService(
  name: string,
  billing: Partial<BillingSettings> = {},
  logger?: RuntimeLogger,
  /** Changes to the runtime's test settings (e.g. the relay off, to count statements). */
  runtimeChanges: (runtime: RuntimeOverrides) => RuntimeOverrides = (runtime) => runtime,
): Promise<BillingServiceFixture> {
  return startServiceInProcess({
    name,
    service: 'billing-service',
    logger,
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(
        {
          service: 'billing-service',
          port: 0,
          databaseUrl,
          kafkaBrokers: stackEndpoints.kafkaBrokers,
          registryUrl: stackEndpoints.registryUrl,
          billing: {
            reconciliationCron: '0 2 * * *',
            taxRates: { ...defaultTaxRates },
            invoiceSeries: 'INV',
            ...billing,
          },
        },
        runtimeChanges(runtime),
      ),
    configure: setUpOpenApi,
  });
}
