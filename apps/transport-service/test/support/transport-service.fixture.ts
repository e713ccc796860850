import { createRuntimeLogger } from '@logisync/event-runtime';
import { generateApiKey, hashApiKey } from '@logisync/http-kit';
import { startServiceInProcess, type InProcessService } from '@logisync/service-harness';
import { stackEndpoints } from '@logisync/test-kit';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import type { Clock } from '../../src/application/clock';
import { TenderTimeoutSweeper } from '../../src/application/expire-tenders/tender-timeout.sweeper';

/** A clock the test moves: tender timeouts and signature ages without waiting. */
export class ManualClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TransportServiceFixture extends InProcessService {
  clock: ManualClock;
  sweeper: TenderTimeoutSweeper;
  /** Keys of API clients allowed to act for one carrier each (carrier:<id>). */
  carrierKeys: Record<'india' | 'juliet', string>;
}

/**
 * The service in-process on a database, topics and consumer group of this test file's own,
 * with a manual clock and the tender sweeper's interval off (tests call sweep()).
 */
export async function startTransportService(name: string): Promise<TransportServiceFixture> {
  const clock = new ManualClock();
  const carrierKeys = { india: generateApiKey(), juliet: generateApiKey() };
  const service = await startServiceInProcess({
    name,
    service: 'transport-service',
    logger: process.env.TRANSPORT_TEST_LOG
      ? createRuntimeLogger('transport-service', 'warn')
      : undefined,
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(
        {
          service: 'transport-service',
          port: 0,
          databaseUrl,
          kafkaBrokers: stackEndpoints.kafkaBrokers,
          registryUrl: stackEndpoints.registryUrl,
        },
        { ...runtime, clock, tenderSweepIntervalMs: 0 },
      ),
    // Carrier webhooks are verified over the exact bytes received.
    nestOptions: { rawBody: true },
    apiClients: Object.entries(carrierKeys).map(([carrier, key]) => ({
      client: `carrier-${carrier}`,
      keySha256: hashApiKey(key),
      scopes: [`carrier:${carrier}`],
    })),
    configure: setUpOpenApi,
  });
  return { ...service, clock, carrierKeys, sweeper: service.app.get(TenderTimeoutSweeper) };
}
