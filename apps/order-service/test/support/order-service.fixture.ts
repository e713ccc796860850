import { startServiceInProcess, type InProcessService } from '@logisync/service-harness';
import { stackEndpoints } from '@logisync/test-kit';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';

export type OrderServiceFixture = InProcessService;

/** The service in-process on a database, topics and consumer group of this test file's own. */
export function startOrderService(
  name: string,
  databaseServerUrl?: string,
): Promise<OrderServiceFixture> {
  return startServiceInProcess({
    name,
    databaseServerUrl,
    service: 'order-service',
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(
        {
          service: 'order-service',
          port: 0,
          databaseUrl,
          kafkaBrokers: stackEndpoints.kafkaBrokers,
          registryUrl: stackEndpoints.registryUrl,
        },
        runtime,
      ),
    configure: setUpOpenApi,
  });
}
