import {
  Inject,
  Injectable,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TraceContextMiddleware } from '../tracing/trace-context.middleware';
import { RuntimeHealth } from './runtime-health';
import { ServiceOpsController } from './service-ops.controller';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  topicCatalogue,
  topicsConsumedBy,
} from '@logisync/canonical-events';
import { OwnTopicRecovery } from '../recovery/own-topic-recovery';
import type { Kafka } from 'kafkajs';
import { collectDefaultMetrics } from 'prom-client';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { createKafka } from '../kafka/kafka-client';
import { RuntimeMetrics } from '../metrics/runtime-metrics';
import { InboxRetentionJob } from '../inbox/retention/inbox-retention.job';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { ConsumerAdminController } from './consumer-admin.controller';
import { EventErrorPassthroughFilter } from './event-error-passthrough.filter';
import type { EventRuntimeOptions } from './event-runtime.options';
import { KafkaEventTransport } from './kafka-event.transport';
import {
  KAFKA,
  METRICS_REGISTRY,
  CONSUMER_RUNNER_REF,
  EVENT_RUNTIME_OPTIONS,
  type ConsumerRunnerRef,
} from './tokens';

// Every injection below names its token: the module works when compiled without decorator
// metadata too (esbuild, tsx), not only with tsc or SWC.

/** Builds the transport for `app.connectMicroservice({ strategy })` in main.ts. */
@Injectable()
export class EventTransportFactory {
  constructor(
    @Inject(EVENT_RUNTIME_OPTIONS) private readonly options: EventRuntimeOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CONSUMER_RUNNER_REF) private readonly ref: ConsumerRunnerRef,
    @Inject(EventCodec) private readonly codec: EventCodec,
    @Inject(RuntimeMetrics) private readonly metrics: RuntimeMetrics,
    @Inject(OwnTopicRecovery) private readonly recovery: OwnTopicRecovery,
  ) {}

  create(): KafkaEventTransport {
    const o = this.options;
    const recovered = () => (recoveryEnabled(o) ? this.recovery.ready() : Promise.resolve());
    return new KafkaEventTransport(recovered, (handlers, eventSet) => {
      this.ref.current = new ConsumerRunner({
        ...o.consumer,
        service: o.service,
        kafka: this.kafka,
        dataSource: o.dataSource,
        codec: this.codec,
        topics: o.consumer?.topics ?? topicsConsumedBy(o.service).map((t) => t.name),
        handlers,
        eventSet,
        metrics: this.metrics,
        logger: o.logger,
      });
      return this.ref.current;
    });
  }
}

/** Recovery belongs to whoever publishes: on with the relay, unless turned off. */
function recoveryEnabled(o: EventRuntimeOptions): boolean {
  return o.relay?.enabled !== false && o.recovery?.enabled !== false;
}

/**
 * Starts the relay (after the own-topic recovery) and the inbox retention with the app; drains
 * the relay last, after the consumer has stopped.
 */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(InboxRetentionJob) private readonly retention: InboxRetentionJob,
    @Inject(OwnTopicRecovery) private readonly recovery: OwnTopicRecovery,
    @Inject(EVENT_RUNTIME_OPTIONS) private readonly options: EventRuntimeOptions,
  ) {}

  async onApplicationBootstrap() {
    if (recoveryEnabled(this.options)) await this.recovery.ready();
    if (this.options.relay?.enabled !== false) this.relay.start();
    if (this.options.inboxRetention?.enabled !== false) this.retention.start();
  }

  async onApplicationShutdown() {
    await this.retention.stop();
    await this.relay.stop();
  }
}

export interface EventRuntimeAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => EventRuntimeOptions | Promise<EventRuntimeOptions>;
}

@Module({})
export class EventRuntimeModule implements NestModule {
  /** Every HTTP request runs in a trace span (see TraceContextMiddleware). */
  configure(consumer: MiddlewareConsumer) {
    consumer
      .apply(TraceContextMiddleware)
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }

  static forRootAsync(async: EventRuntimeAsyncOptions): DynamicModule {
    return {
      module: EventRuntimeModule,
      global: true,
      imports: [...(async.imports ?? []), TerminusModule],
      controllers: [ConsumerAdminController, ServiceOpsController],
      providers: [
        {
          provide: EVENT_RUNTIME_OPTIONS,
          useFactory: async.useFactory,
          inject: async.inject ?? [],
        },
        { provide: CONSUMER_RUNNER_REF, useValue: {} },
        {
          provide: KAFKA,
          inject: [EVENT_RUNTIME_OPTIONS],
          useFactory: (o: EventRuntimeOptions) =>
            createKafka({ ...o.kafka, clientId: o.service, logger: o.logger }),
        },
        {
          provide: EventCodec,
          inject: [EVENT_RUNTIME_OPTIONS],
          useFactory: (o: EventRuntimeOptions) =>
            new EventCodec(new ConfluentSchemaRegistryAdapter(o.registry), {
              autoRegister: o.autoRegisterSchemas,
            }),
        },
        {
          provide: RuntimeMetrics,
          inject: [EVENT_RUNTIME_OPTIONS],
          useFactory: (o: EventRuntimeOptions) => {
            // Node's own metrics (CPU, memory, event loop lag, GC) beside the runtime's, once.
            if (!o.metricsRegistry.getSingleMetric('process_cpu_seconds_total')) {
              collectDefaultMetrics({ register: o.metricsRegistry });
            }
            return new RuntimeMetrics(o.metricsRegistry, o.service);
          },
        },
        {
          provide: OutboxWriter,
          inject: [EVENT_RUNTIME_OPTIONS, EventCodec],
          useFactory: (o: EventRuntimeOptions, codec: EventCodec) =>
            new OutboxWriter(codec, o.service, o.topicName),
        },
        {
          provide: OutboxRelay,
          inject: [EVENT_RUNTIME_OPTIONS, KAFKA, RuntimeMetrics],
          useFactory: (o: EventRuntimeOptions, kafka: Kafka, metrics: RuntimeMetrics) =>
            new OutboxRelay({
              ...o.relay,
              service: o.service,
              databaseUrl: o.databaseUrl,
              kafka,
              metrics,
              logger: o.logger,
            }),
        },
        {
          provide: OwnTopicRecovery,
          inject: [EVENT_RUNTIME_OPTIONS, KAFKA, EventCodec],
          useFactory: (o: EventRuntimeOptions, kafka: Kafka, codec: EventCodec) =>
            new OwnTopicRecovery({
              service: o.service,
              kafka,
              dataSource: o.dataSource,
              codec,
              topics: topicCatalogue
                .filter((t) => t.producer === o.service && t.kind === 'milestones')
                .map((t) => (o.topicName ? o.topicName(t.name) : t.name)),
              adopt: o.recovery?.adopt,
              logger: o.logger,
            }),
        },
        {
          provide: InboxRetentionJob,
          inject: [EVENT_RUNTIME_OPTIONS],
          useFactory: (o: EventRuntimeOptions) =>
            new InboxRetentionJob({
              ...o.inboxRetention,
              dataSource: o.dataSource,
              logger: o.logger,
            }),
        },
        RelayLifecycle,
        EventTransportFactory,
        RuntimeHealth,
        {
          provide: METRICS_REGISTRY,
          inject: [EVENT_RUNTIME_OPTIONS],
          useFactory: (o: EventRuntimeOptions) => o.metricsRegistry,
        },
        { provide: APP_FILTER, useClass: EventErrorPassthroughFilter },
      ],
      exports: [
        EventCodec,
        OutboxWriter,
        OutboxRelay,
        OwnTopicRecovery,
        RuntimeMetrics,
        EventTransportFactory,
        CONSUMER_RUNNER_REF,
        RuntimeHealth,
        METRICS_REGISTRY,
      ],
    };
  }
}
