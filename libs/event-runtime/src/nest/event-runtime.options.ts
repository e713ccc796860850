import type { ServiceName } from '@logisync/canonical-events';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { KafkaSecurity } from '../kafka/kafka-client';
import type { RuntimeLogger } from '../logging/runtime-logger';

export interface EventRuntimeOptions {
  service: ServiceName;
  /** The service's own database: the relay's LISTEN and advisory lock use it directly. */
  databaseUrl: string;
  dataSource: DataSource;
  kafka: KafkaSecurity & { brokers: string[] };
  registry: { url: string; username?: string; password?: string };
  autoRegisterSchemas?: boolean;
  consumer?: {
    /** Defaults to the topics the catalogue says this service consumes. */
    topics?: string[];
    maxEventsPerTransaction?: number;
    partitionsConsumedConcurrently?: number;
    maxUnknownAttempts?: number;
    sessionTimeoutMs?: number;
  };
  relay?: { batchSize?: number; pollIntervalMs?: number; retentionMs?: number; enabled?: boolean };
  metricsRegistry: Registry;
  logger?: RuntimeLogger;
}
