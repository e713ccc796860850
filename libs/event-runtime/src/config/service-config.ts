import type { ServiceName } from '@logisync/canonical-events';
import { ApiConfigError, loadApiGovernance, type ApiGovernanceOptions } from '@logisync/http-kit';
import {
  DEFAULT_DEDUPE_HORIZON_DAYS,
  MIN_DEDUPE_HORIZON_DAYS,
} from '../inbox/retention/inbox-retention.job';
import type { KafkaSecurity } from '../kafka/kafka-client';
import { ConfigError, EnvReader } from './env-reader';
import { readKafkaSecurity } from './kafka-security';

export {
  describeKafkaSecurity,
  loadKafkaSecurity,
  readKafkaSecurity,
  type KafkaSecurityReading,
} from './kafka-security';

export interface ServiceConfig {
  service: ServiceName;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  registryUrl: string;
  /** TLS and SASL for every Kafka connection (KAFKA_SASL_*, KAFKA_TLS*); absent: plaintext. */
  kafkaSecurity?: KafkaSecurity;
  /** OTLP/HTTP collector for traces (OTEL_EXPORTER_OTLP_ENDPOINT); export is off without it. */
  otlpEndpoint?: string;
  /** API clients, rate limits, idempotency TTL (API_KEYS...; see loadApiGovernance); absent: no client. */
  api?: ApiGovernanceOptions;
  /** INBOX_DEDUPE_HORIZON_DAYS: inbox rows older than this are deleted (see InboxRetentionJob); absent: its default. */
  inboxDedupeHorizonDays?: number;
}

export interface ServiceDefaults {
  service: ServiceName;
  port: number;
  database: string;
}

/**
 * What every service reads from its environment: PORT, DATABASE_URL (its own database),
 * KAFKA_BROKERS with its TLS and SASL settings (see loadKafkaSecurity), SCHEMA_REGISTRY_URL and
 * INBOX_DEDUPE_HORIZON_DAYS.
 * Throws a ConfigError naming every problem.
 */
export function loadServiceConfig(
  env: Record<string, string | undefined>,
  defaults: ServiceDefaults,
): ServiceConfig {
  const read = new EnvReader(env);
  const config: ServiceConfig = {
    service: defaults.service,
    port: read.port('PORT', defaults.port),
    databaseUrl: read.url(
      'DATABASE_URL',
      `postgres://postgres@127.0.0.1:5432/${defaults.database}`,
      ['postgres:', 'postgresql:'],
    ),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:9092'),
    registryUrl: read.url('SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7', [
      'http:',
      'https:',
    ]),
    // At least a week and a day: Kafka drops an idle group's offsets after 7 days by default,
    // and the group then reads its topics from the beginning.
    inboxDedupeHorizonDays: read.integer(
      'INBOX_DEDUPE_HORIZON_DAYS',
      DEFAULT_DEDUPE_HORIZON_DAYS,
      MIN_DEDUPE_HORIZON_DAYS,
    ),
  };
  const otlp = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (otlp)
    config.otlpEndpoint = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', otlp, ['http:', 'https:']);
  try {
    config.api = loadApiGovernance(env);
  } catch (error) {
    if (!(error instanceof ApiConfigError)) throw error;
    read.problem(...error.problems);
  }
  const kafka = readKafkaSecurity(env);
  if (Object.keys(kafka.security).length > 0) config.kafkaSecurity = kafka.security;
  try {
    read.done();
  } catch (error) {
    throw new ConfigError([...(error as ConfigError).problems, ...kafka.problems]);
  }
  if (kafka.problems.length > 0) throw new ConfigError(kafka.problems);
  return config;
}
