import type { ServiceName } from '@logisync/canonical-events';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ChunkLockHook, EventSetHandler } from '../consumer/consumed-event';
import type { FetchSettings } from '../consumer/consumer-runner';
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
    /** Defaults to the service name (one group per service). */
    groupId?: string;
    /** Defaults to <service>.dlq.v1. */
    deadLetterTopic?: string;
    maxEventsPerTransaction?: number;
    partitionsConsumedConcurrently?: number;
    /**
     * Locks the rows a transaction's events will touch before its handlers run (see
     * ChunkLockHook): one transaction holds a whole fetch round, events of many orders, so
     * handlers that lock shared rows must take them up front in one order.
     */
    lockChunk?: ChunkLockHook;
    maxUnknownAttempts?: number;
    sessionTimeoutMs?: number;
    /** The broker's fetch answers (see FetchSettings and the runtime's README for the defaults). */
    fetch?: Partial<FetchSettings>;
    /** At most one OffsetCommit per this many ms and per fetch round; 200 by default. */
    commitIntervalMs?: number;
  };
  relay?: {
    batchSize?: number;
    pollIntervalMs?: number;
    deleteLingerMs?: number;
    enabled?: boolean;
  };
  /**
   * Own-topic recovery at start (OwnTopicRecovery), before the relay publishes or the consumer
   * applies anything; on whenever the relay is. `adopt` takes the service's own published events
   * back into its state.
   */
  recovery?: {
    adopt?: EventSetHandler<never>;
    enabled?: boolean;
  };
  /** The inbox's retention (InboxRetentionJob); `enabled: false` leaves the inbox to grow. */
  inboxRetention?: {
    horizonDays?: number;
    intervalMs?: number;
    firstRunAfterMs?: number;
    batchSize?: number;
    enabled?: boolean;
  };
  metricsRegistry: Registry;
  /** Maps catalogue topic names to the ones used (a test's own topics); identity by default. */
  topicName?: (catalogueName: string) => string;
  logger?: RuntimeLogger;
}
