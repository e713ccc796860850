import { join } from 'node:path';
import {
  ConfluentSchemaRegistryAdapter,
  registerSchemas,
  topicCatalogue,
} from '@logisync/canonical-events';
import {
  createKafka,
  ensureTopics,
  loadKafkaSecurity,
  silentLogger,
} from '@logisync/event-runtime';
import { ProcessSupervisor, type ProcessSpec } from '../supervisor/process-supervisor';
import { buildServices, SERVICES_DIST } from './build-services';
import { apiKeysEnv, devApiKeys } from './dev-api-keys';
import { serviceMemoryEnv, serviceMemoryFlags } from './node-memory';
import { viaLocalSocket } from './database-socket';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The four services and the control tower as separate processes: name, default port, database. */
export const SERVICES = [
  { name: 'order-service', port: 3001, database: 'order_service' },
  { name: 'warehouse-service', port: 3002, database: 'warehouse_service' },
  { name: 'transport-service', port: 3003, database: 'transport_service' },
  { name: 'billing-service', port: 3004, database: 'billing_service' },
  // Last: it is told where the four services answer.
  { name: 'control-tower', port: 3000, database: 'control_tower' },
] as const;

export type ServiceProcessName = (typeof SERVICES)[number]['name'];

export interface SystemOptions {
  logDir: string;
  /** Database per service; defaults to the service's own database on the local PostgreSQL. */
  databaseUrl?: (service: ServiceProcessName, defaultDatabase: string) => string;
  port?: (service: ServiceProcessName, defaultPort: number) => number;
  kafkaBrokers?: string;
  registryUrl?: string;
  /** The API clients (API_KEYS); by default the development key set (see dev-api-keys.ts). */
  apiKeys?: string;
  /** Extra environment for every service (or one). */
  env?: (service: ServiceProcessName) => Record<string, string>;
}

export interface RunningService {
  name: ServiceProcessName;
  port: number;
  baseUrl: string;
}

/**
 * How one service is run: the JavaScript of `buildServices` (compiled on the first call in this
 * process, only what changed), `node dist/system/apps/<name>/src/main.js`. With
 * LOGISYNC_SERVICES_RUNTIME=ts-node, TypeScript through ts-node with SWC as before (no build;
 * 240-350 MiB RSS per service instead of about half that).
 */
export async function serviceProcessSpec(
  name: ServiceProcessName,
  env: Record<string, string>,
  port: number,
): Promise<ProcessSpec> {
  const throughTsNode = runsThroughTsNode();
  const databaseUrl = env['DATABASE_URL'] && (await viaLocalSocket(env['DATABASE_URL']));
  if (!throughTsNode) buildServices(REPO_ROOT);
  return {
    name,
    command: process.execPath,
    args: throughTsNode
      ? ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', `apps/${name}/src/main.ts`]
      : [...serviceMemoryFlags(process.env), `${SERVICES_DIST}/apps/${name}/src/main.js`],
    cwd: REPO_ROOT,
    env: {
      ...(throughTsNode
        ? {
            TS_NODE_PROJECT: 'tsconfig.base.json',
            TS_NODE_TRANSPILE_ONLY: 'true',
            TS_NODE_SWC: 'true',
          }
        : {}),
      NODE_ENV: 'production',
      ...serviceMemoryEnv(process.env),
      ...env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
    },
    healthUrl: `http://127.0.0.1:${port}/health/ready`,
    readyTimeoutMs: 90_000,
  };
}

function runsThroughTsNode(): boolean {
  return process.env['LOGISYNC_SERVICES_RUNTIME'] === 'ts-node';
}

/**
 * What the services need before they start: every catalogue topic and every schema version.
 * Kafka's TLS and SASL settings come from this process's KAFKA_SASL_* and KAFKA_TLS*, which the
 * services inherit.
 */
export async function prepareStack(kafkaBrokers: string, registryUrl: string): Promise<void> {
  const admin = createKafka({
    ...loadKafkaSecurity(process.env),
    clientId: 'logisync-system',
    brokers: kafkaBrokers.split(','),
    logger: silentLogger,
  }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topicCatalogue);
  } finally {
    await admin.disconnect();
  }
  await registerSchemas(new ConfluentSchemaRegistryAdapter({ url: registryUrl }));
}

/** Starts the four services and the control tower, each its own process, each ready before the next. */
export async function startSystem(
  supervisor: ProcessSupervisor,
  options: SystemOptions,
): Promise<RunningService[]> {
  // Before anything else, so a build that fails stops the start with its files and errors.
  if (!runsThroughTsNode()) buildServices(REPO_ROOT);
  await prepareStack(
    options.kafkaBrokers ?? '127.0.0.1:9092',
    options.registryUrl ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  );
  const apiKeys = options.apiKeys ?? apiKeysEnv(devApiKeys().keys);
  const running: RunningService[] = [];
  // One at a time: on two cores, four Nest startups at once only slow each other down.
  for (const service of SERVICES) {
    const port = options.port?.(service.name, service.port) ?? service.port;
    const env: Record<string, string> = {
      DATABASE_URL:
        options.databaseUrl?.(service.name, service.database) ??
        `postgres://postgres@127.0.0.1:5432/${service.database}`,
      ...(options.kafkaBrokers ? { KAFKA_BROKERS: options.kafkaBrokers } : {}),
      ...(options.registryUrl ? { SCHEMA_REGISTRY_URL: options.registryUrl } : {}),
      API_KEYS: apiKeys,
      ...(service.name === 'control-tower' ? serviceUrlEnv(running) : {}),
      ...(options.env?.(service.name) ?? {}),
    };
    await supervisor.start(await serviceProcessSpec(service.name, env, port));
    running.push({ name: service.name, port, baseUrl: `http://127.0.0.1:${port}` });
  }
  return running;
}

/** Where the control tower (and the simulator) find the services. */
export function serviceUrlEnv(running: RunningService[]): Record<string, string> {
  const url = (name: ServiceProcessName) => running.find((s) => s.name === name)?.baseUrl;
  const env: Record<string, string> = {};
  const names: [ServiceProcessName, string][] = [
    ['order-service', 'ORDER_SERVICE_URL'],
    ['warehouse-service', 'WAREHOUSE_SERVICE_URL'],
    ['transport-service', 'TRANSPORT_SERVICE_URL'],
    ['billing-service', 'BILLING_SERVICE_URL'],
  ];
  for (const [name, variable] of names) {
    const value = url(name);
    if (value) env[variable] = value;
  }
  return env;
}
