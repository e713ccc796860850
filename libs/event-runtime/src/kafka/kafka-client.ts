import { readFileSync } from 'node:fs';
import {
  Kafka,
  logLevel,
  Partitioners,
  type KafkaConfig,
  type LogEntry,
  type SASLOptions,
} from 'kafkajs';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { ConnectionOptions } from 'node:tls';

export interface KafkaSecurity {
  /** true for TLS with the system CAs, or the paths of a CA bundle and an optional client cert. */
  tls?:
    | boolean
    | { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized?: boolean };
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}

export interface KafkaClientOptions extends KafkaSecurity {
  clientId: string;
  brokers: string[];
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Where kafkajs' own warnings and errors go; JSON on stdout through pino by default. */
  logger?: RuntimeLogger;
}

function logCreatorFor(logger: RuntimeLogger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const entry = { ...fields, component: 'kafkajs' };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
}

function tlsOptions(tls: KafkaSecurity['tls']): boolean | ConnectionOptions | undefined {
  if (tls === undefined || tls === false || tls === true) return tls;
  return {
    ca: tls.caFile ? [readFileSync(tls.caFile, 'utf8')] : undefined,
    cert: tls.certFile ? readFileSync(tls.certFile, 'utf8') : undefined,
    key: tls.keyFile ? readFileSync(tls.keyFile, 'utf8') : undefined,
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  };
}

/** The one place a kafkajs client is built: brokers, timeouts, TLS and SASL/SCRAM. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    ssl: tlsOptions(options.tls),
    sasl: options.sasl as SASLOptions | undefined,
    logLevel: logLevel.WARN,
    logCreator: options.logger ? logCreatorFor(options.logger) : undefined,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 30_000 },
  };
  return new Kafka(config);
}

/**
 * murmur2 of the key, as the Java client partitions: a key lands on the same partition
 * whichever client in whichever language wrote it.
 */
export const javaCompatiblePartitioner = Partitioners.DefaultPartitioner;
