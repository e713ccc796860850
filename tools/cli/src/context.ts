import { isServiceName, serviceNames, type ServiceName } from '@logisync/canonical-events';
import { ConfigError, loadKafkaSecurity, type KafkaSecurity } from '@logisync/event-runtime';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { usageError } from './exit-codes';

/** The four services with state, where each listens, and its database on the local PostgreSQL. */
export const serviceDefaults: Record<string, { urlEnv: string; port: number; database: string }> = {
  'order-service': { urlEnv: 'ORDER_SERVICE_URL', port: 3001, database: 'order_service' },
  'warehouse-service': {
    urlEnv: 'WAREHOUSE_SERVICE_URL',
    port: 3002,
    database: 'warehouse_service',
  },
  'transport-service': {
    urlEnv: 'TRANSPORT_SERVICE_URL',
    port: 3003,
    database: 'transport_service',
  },
  'billing-service': { urlEnv: 'BILLING_SERVICE_URL', port: 3004, database: 'billing_service' },
  // A consumer like the others: its admin endpoints pause, seek and replay it the same way.
  'control-tower': { urlEnv: 'CONTROL_TOWER_URL', port: 3000, database: 'control_tower' },
};

export interface GlobalOptions {
  json?: boolean;
  brokers?: string;
  registry?: string;
  /** Test isolation: topic and group names get `.<namespace>` appended. */
  namespace?: string;
}

/** Everything a command needs to know about where things are, read from options and env once. */
export class CliContext {
  readonly brokers: string[];
  /** KAFKA_SASL_* and KAFKA_TLS*, as the services read them. */
  readonly kafkaSecurity: KafkaSecurity;
  readonly registryUrl: string;
  readonly opsDatabaseUrl: string;
  readonly databaseServerUrl: string;
  readonly namespace?: string;

  constructor(
    options: GlobalOptions,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.brokers = (options.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    this.kafkaSecurity = kafkaSecurityOf(env);
    this.registryUrl =
      options.registry ?? env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
    this.databaseServerUrl =
      env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    this.opsDatabaseUrl =
      env.OPS_DATABASE_URL ?? withDatabase(this.databaseServerUrl, 'logisync_ops');
    this.namespace = options.namespace ?? env.LOGISYNC_NAMESPACE;
  }

  /** The real name of a catalogue topic (or group) in this namespace. */
  topic(catalogueName: string): string {
    return this.namespace ? `${catalogueName}.${this.namespace}` : catalogueName;
  }

  groupOf(service: ServiceName): string {
    return this.topic(service);
  }

  serviceUrl(service: ServiceName): string {
    const d = serviceDefaults[service];
    if (!d) throw usageError(`${service} has no HTTP admin endpoint`);
    return (this.env[d.urlEnv] ?? `http://127.0.0.1:${d.port}`).replace(/\/$/, '');
  }

  /**
   * The operator's API key for the services' admin endpoints (a client with ops:admin):
   * LOGISYNC_API_KEY, else the `operator` key of the development key set `npm start` made.
   */
  get apiKey(): string | undefined {
    const key = this.env.LOGISYNC_API_KEY?.trim();
    if (key) return key;
    const file = join(__dirname, '..', '..', '..', '.logisync', 'dev-api-keys.json');
    if (!existsSync(file)) return undefined;
    const dev = JSON.parse(readFileSync(file, 'utf8')) as {
      clients?: Record<string, { key?: string }>;
    };
    return dev.clients?.operator?.key;
  }

  /**
   * The service's own database: <SERVICE>_DATABASE_URL (ORDER_DATABASE_URL, ...,
   * CONTROL_TOWER_DATABASE_URL), else its default database.
   */
  serviceDatabaseUrl(service: ServiceName): string | undefined {
    const d = serviceDefaults[service];
    if (!d) return undefined;
    const envName = `${service
      .replace(/-service$/, '')
      .replace(/-/g, '_')
      .toUpperCase()}_DATABASE_URL`;
    return this.env[envName] ?? withDatabase(this.databaseServerUrl, d.database);
  }
}

function kafkaSecurityOf(env: Record<string, string | undefined>): KafkaSecurity {
  try {
    return loadKafkaSecurity(env);
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(error.message);
    throw error;
  }
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function parseService(value: string): ServiceName {
  if (!isServiceName(value)) {
    throw usageError(`Unknown service '${value}'; one of ${serviceNames.join(', ')}`);
  }
  return value;
}

/** --actor, else LOGISYNC_ACTOR, else the operating system user. */
export function actorOf(explicit: string | undefined, env = process.env): string {
  if (explicit) return explicit;
  if (env.LOGISYNC_ACTOR) return env.LOGISYNC_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}
