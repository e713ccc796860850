import {
  ConfigError,
  EnvReader,
  readKafkaSecurity,
  type KafkaSecurity,
} from '@logisync/event-runtime';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SimulatorEndpoints {
  orderUrl: string;
  warehouseUrl: string;
  transportUrl: string;
  billingUrl: string;
  kafkaBrokers: string[];
  /** KAFKA_SASL_* and KAFKA_TLS*, as the services read them (a `--secure` stack). */
  kafkaSecurity?: KafkaSecurity;
  registryUrl: string;
  /** Sent as x-api-key on every call. */
  apiKey: string;
}

/**
 * The repository: the nearest folder above with a package.json. The simulator runs from
 * apps/simulator/src or, compiled, from dist/system/apps/simulator/src.
 */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** Where `npm start` keeps the development key set (tools/system/dev-api-keys.ts). */
export const DEV_API_KEYS_FILE = join(repositoryRoot(), '.logisync', 'dev-api-keys.json');

/** LOGISYNC_API_KEY, else the `simulator` key of the development key set. */
function apiKeyOf(env: Record<string, string | undefined>, devKeysFile: string): string {
  const key = env.LOGISYNC_API_KEY?.trim();
  if (key) return key;
  if (existsSync(devKeysFile)) {
    const dev = JSON.parse(readFileSync(devKeysFile, 'utf8')) as {
      clients?: Record<string, { key?: string }>;
    };
    const simulator = dev.clients?.simulator?.key;
    if (simulator) return simulator;
  }
  throw new ConfigError([
    `LOGISYNC_API_KEY is not set and ${devKeysFile} has no simulator key: the services refuse calls without an API key (npm start makes the development keys)`,
  ]);
}

/** The only place the simulator reads its environment: where the services and the stack are. */
export function loadEndpoints(
  env: Record<string, string | undefined> = process.env,
  devKeysFile = DEV_API_KEYS_FILE,
): SimulatorEndpoints {
  const read = new EnvReader(env);
  const http = ['http:', 'https:'];
  const endpoints: SimulatorEndpoints = {
    orderUrl: read.url('ORDER_SERVICE_URL', 'http://127.0.0.1:3001', http),
    warehouseUrl: read.url('WAREHOUSE_SERVICE_URL', 'http://127.0.0.1:3002', http),
    transportUrl: read.url('TRANSPORT_SERVICE_URL', 'http://127.0.0.1:3003', http),
    billingUrl: read.url('BILLING_SERVICE_URL', 'http://127.0.0.1:3004', http),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:9092'),
    registryUrl: read.url('SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7', http),
    apiKey: '',
  };
  const kafka = readKafkaSecurity(env);
  read.problem(...kafka.problems);
  if (Object.keys(kafka.security).length > 0) endpoints.kafkaSecurity = kafka.security;
  read.done();
  endpoints.apiKey = apiKeyOf(env, devKeysFile);
  return endpoints;
}
