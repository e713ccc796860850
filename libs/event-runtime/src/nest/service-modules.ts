import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ApiGovernanceModule,
  loadApiGovernance,
  type ApiGovernanceOptions,
} from '@logisync/http-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { EventRuntimeModule } from './event-runtime.module';
import type { EventRuntimeOptions } from './event-runtime.options';

/**
 * What a service adds (its own-topic recovery's adopt handler) and what tests change: their own topics, group and dead letters, a faster relay, a registry, and
 * the API clients.
 */
export type RuntimeOverrides = Partial<
  Pick<
    EventRuntimeOptions,
    'consumer' | 'relay' | 'recovery' | 'topicName' | 'logger' | 'metricsRegistry'
  >
> & { api?: ApiGovernanceOptions };

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // Last: the runtime's relay and consumer stop before their connections go.
  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
class ServiceDatabaseModule {}

/**
 * The modules every service imports: the API's governance (keys, scopes, rate limits); its one
 * DataSource (opened by the service, migrations
 * run, closed last at shutdown), shared by the HTTP side, the handlers and the runtime's outbox
 * and inbox; and the event runtime configured from the service's config.
 */
export function serviceModules(
  config: ServiceConfig,
  openDataSource: (databaseUrl: string) => Promise<DataSource>,
  { api, ...overrides }: RuntimeOverrides = {},
): DynamicModule[] {
  const database: DynamicModule = {
    module: ServiceDatabaseModule,
    global: true,
    providers: [
      { provide: DataSource, useFactory: () => openDataSource(config.databaseUrl) },
      DataSourceLifecycle,
    ],
    exports: [DataSource],
  };
  const metricsRegistry = overrides.metricsRegistry ?? new Registry();
  return [
    // API keys, scopes, rate limits and request ids in front of every HTTP route.
    ApiGovernanceModule.forRoot(api ?? config.api ?? loadApiGovernance({})),
    EventRuntimeModule.forRootAsync({
      imports: [database],
      inject: [DataSource],
      useFactory: (dataSource: DataSource): EventRuntimeOptions => ({
        service: config.service,
        databaseUrl: config.databaseUrl,
        dataSource,
        kafka: { ...config.kafkaSecurity, brokers: config.kafkaBrokers },
        registry: { url: config.registryUrl },
        inboxRetention: { horizonDays: config.inboxDedupeHorizonDays },
        ...overrides,
        metricsRegistry,
      }),
    }),
    database,
  ];
}
