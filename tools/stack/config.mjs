// Where everything lives and which endpoints the stack serves. Pure data:
// no side effects, so every other module can import it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { securePaths, secureClientEnv } from './secure.mjs';

export const STACK_SRC = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(STACK_SRC, '..', '..');
export const POM = path.join(STACK_SRC, 'pom.xml');

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function pomProperty(name) {
  const m = fs.readFileSync(POM, 'utf8').match(new RegExp(`<${name}>([^<]+)</${name}>`));
  if (!m) throw new Error(`${POM} has no <${name}> property`);
  return m[1].trim();
}

function hostPort(value, what) {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.trim());
  if (!m) throw new Error(`${what}: expected host:port, got "${value}"`);
  return { host: m[1], port: Number(m[2]) };
}

/**
 * Everything derived from the environment, read fresh on each call. `secure` (up --secure)
 * asks for a SASL_SSL broker; a stack that has its secure material stays secure.
 */
export function stackConfig(env = process.env, { secure = false } = {}) {
  const dir = path.resolve(env.STACK_DIR ?? path.join(REPO_ROOT, '.stack'));
  const brokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const registryUrl = (env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7').replace(
    /\/+$/,
    '',
  );
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const broker = hostPort(brokers.split(',')[0], 'KAFKA_BROKERS');
  const reg = new URL(registryUrl);
  const registryPort = Number(reg.port || (reg.protocol === 'https:' ? 443 : 80));
  const dataDir = path.join(dir, 'data');
  return {
    dir,
    runDir: path.join(dir, 'run'),
    logDir: path.join(dir, 'logs'),
    dataDir,
    versions: { kafka: pomProperty('kafka.version'), apicurio: pomProperty('apicurio.version') },
    databaseUrl,
    databases: [
      'order_service',
      'warehouse_service',
      'transport_service',
      'billing_service',
      'control_tower',
      'schema_registry',
    ],
    startTimeoutMs: Number(env.STACK_START_TIMEOUT_MS ?? 120_000),
    stopTimeoutMs: Number(env.STACK_STOP_TIMEOUT_MS ?? 30_000),
    kafka: {
      name: 'kafka',
      brokers,
      host: broker.host,
      port: broker.port,
      controllerPort: Number(env.KAFKA_CONTROLLER_PORT ?? 9093),
      // Another cluster (compose, CI service): health-checked, never started or stopped.
      external: brokers.includes(',') || !LOCAL_HOSTS.has(broker.host),
      // SASL_SSL (SCRAM-SHA-512) on the client listener: tools/stack/secure.mjs.
      secure: secure || fs.existsSync(securePaths(dataDir).marker),
      heap: (env.KAFKA_HEAP ?? '-Xms256m -Xmx512m').split(/\s+/).filter(Boolean),
      libDir: path.join(dir, 'kafka', 'lib'),
      configDir: path.join(dir, 'kafka', 'config'),
      dataDir: path.join(dir, 'data', 'kafka'),
      log: path.join(dir, 'logs', 'kafka.log'),
      pidFile: path.join(dir, 'run', 'kafka.pid'),
    },
    registry: {
      name: 'registry',
      url: registryUrl,
      host: reg.hostname,
      port: registryPort,
      managementPort: Number(env.REGISTRY_MANAGEMENT_PORT ?? 8091),
      external: !LOCAL_HOSTS.has(reg.hostname),
      heap: (env.REGISTRY_HEAP ?? '-Xms64m -Xmx384m').split(/\s+/).filter(Boolean),
      home: path.join(dir, 'apicurio'),
      log: path.join(dir, 'logs', 'registry.log'),
      pidFile: path.join(dir, 'run', 'registry.pid'),
      accessLog: env.REGISTRY_ACCESS_LOG === 'true',
    },
  };
}

/**
 * Connection settings for clients, as the services and tests read them; for a secure stack
 * also KAFKA_SASL_* and KAFKA_TLS* (the password as a file, never its value).
 */
export function endpoints(cfg = stackConfig()) {
  const secure =
    cfg.kafka.secure && !cfg.kafka.external && fs.existsSync(securePaths(cfg.dataDir).marker);
  return {
    KAFKA_BROKERS: cfg.kafka.brokers,
    SCHEMA_REGISTRY_URL: cfg.registry.url,
    DATABASE_URL: cfg.databaseUrl,
    ...(secure ? secureClientEnv(cfg.dataDir) : {}),
  };
}

/** DATABASE_URL without its password, for messages. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
