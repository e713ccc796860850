import { startServiceInProcess, type InProcessService } from '@logisync/service-harness';
import { stackEndpoints } from '@logisync/test-kit';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import { SlaWatchdog } from '../../src/application/sla-watchdog/sla-watchdog';
import { slaRulesWith } from '../../src/domain/sla-rules';

export interface ControlTowerFixture extends InProcessService {
  watchdog: SlaWatchdog;
}

/** The control tower in-process on a database, topics and group of this test file's own. */
export async function startControlTower(
  name: string,
  serviceUrls: Record<string, string> = {},
): Promise<ControlTowerFixture> {
  const service = await startServiceInProcess({
    name,
    service: 'control-tower',
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(
        {
          service: 'control-tower',
          port: 0,
          databaseUrl,
          kafkaBrokers: stackEndpoints.kafkaBrokers,
          registryUrl: stackEndpoints.registryUrl,
          serviceUrls,
          slaRules: slaRulesWith('released-to-allocated=2'),
          slaCheckIntervalMs: 3_600_000, // the test sweeps by hand
          packedNotLoadedSeconds: 3600,
        },
        runtime,
      ),
    configure: setUpOpenApi,
  });
  return { ...service, watchdog: service.app.get(SlaWatchdog) };
}
