import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import type { EventRuntimeOptions } from './event-runtime.options';
import {
  CONSUMER_RUNNER_REF,
  EVENT_RUNTIME_OPTIONS,
  KAFKA,
  type ConsumerRunnerRef,
} from './tokens';

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { status: 'up' | 'down'; detail?: string }>;
}

/**
 * Readiness of a service as the runtime sees it (@nestjs/terminus): its database answers and
 * every migration is applied, the broker and the schema registry answer, and the consumer loop
 * runs (when the service has one). Liveness is the process answering at all.
 */
@Injectable()
export class RuntimeHealth implements OnApplicationShutdown {
  private admin?: Promise<Admin>;

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_RUNTIME_OPTIONS) private readonly options: EventRuntimeOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CONSUMER_RUNNER_REF) private readonly consumer: ConsumerRunnerRef,
  ) {}

  async readiness(): Promise<Readiness> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.probe('database', () => this.options.dataSource.query('SELECT 1')),
        () =>
          this.probe('migrations', async () => {
            if (await this.options.dataSource.showMigrations())
              throw new Error('migrations pending');
          }),
        () => this.probe('broker', () => this.describeCluster()),
        () =>
          this.probe('registry', async () => {
            const response = await fetch(`${this.options.registry.url}/subjects`, {
              signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
            });
            if (!response.ok) throw new Error(`registry answered ${response.status}`);
          }),
        () =>
          this.probe('consumer', async () => {
            const runner = this.consumer.current;
            if (runner && !runner.status().running)
              throw new Error('the consumer loop is not running');
          }),
      ]);
    } catch (error) {
      result = ((error as { getResponse?: () => HealthCheckResult }).getResponse?.() ?? {
        status: 'error',
        details: {},
      }) as HealthCheckResult;
    }
    const checks: Readiness['checks'] = {};
    for (const [name, value] of Object.entries(result.details ?? {})) {
      checks[name] =
        value.status === 'up'
          ? { status: 'up' }
          : { status: 'down', detail: String(value.message ?? '') };
    }
    return { ready: result.status === 'ok', checks };
  }

  private async probe(key: string, work: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await within(CHECK_TIMEOUT_MS, work(), key);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async describeCluster() {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    try {
      await (await this.admin).describeCluster();
    } catch (error) {
      // A fresh connection next time: the broker may have come back.
      const stale = this.admin;
      this.admin = undefined;
      void stale.then((a) => a.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown() {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
