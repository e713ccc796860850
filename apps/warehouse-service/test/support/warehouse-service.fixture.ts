import { startServiceInProcess, type InProcessService } from '@logisync/service-harness';
import { stackEndpoints } from '@logisync/test-kit';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';

export type WarehouseServiceFixture = InProcessService;

/** The service in-process on a database, topics and consumer group of this test file's own. */
export function startWarehouseService(name: string): Promise<WarehouseServiceFixture> {
  return startServiceInProcess({
    name,
    service: 'warehouse-service',
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(
        {
          service: 'warehouse-service',
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
