// Plants secrets into services run as processes, exactly as an operator would hand them over
// (a raw API key the clients send and the services know only by its SHA-256, a wrong key, the
// Kafka SASL password of a --secure broker of the test's own, a wrong Kafka password, a
// PostgreSQL password in DATABASE_URL, which trust auth ignores), exercises them with good and
// bad requests, and reads every line they and the broker logged: none may hold a planted secret.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ConfluentSchemaRegistryAdapter,
  registerSchemas,
  topicCatalogue,
} from '@logisync/canonical-events';
import { createKafka, ensureTopics, silentLogger } from '@logisync/event-runtime';
import {
  freePort,
  freshDatabase,
  stackEndpoints,
  waitFor,
  type FreshDatabase,
} from '@logisync/test-kit';
import { startSecureBroker, type SecureBroker } from '../../stack/test/support/secure-broker';
import { ProcessSupervisor } from '../../supervisor/process-supervisor';
import { serviceProcessSpec, type ServiceProcessName } from '../services';

const planted = (what: string) => `PLANTED${what}${randomBytes(9).toString('hex')}`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('secrets in the logs', () => {
  const secrets = {
    apiKey: `lsk_${planted('ApiKey')}`,
    narrowKey: `lsk_${planted('NarrowKey')}`,
    wrongApiKey: `lsk_${planted('WrongKey')}`,
    postgresPassword: planted('Pg'),
    wrongKafkaPassword: planted('Kafka'),
    kafkaPassword: '',
  };
  const databases: FreshDatabase[] = [];
  let broker: SecureBroker | undefined;
  let supervisor: ProcessSupervisor | undefined;
  const broken: ChildProcess[] = [];
  let logDir = '';

  beforeAll(async () => {
    broker = await startSecureBroker();
    secrets.kafkaPassword = broker.password;
    logDir = path.join(broker.dir, 'service-logs');
    supervisor = new ProcessSupervisor(logDir);
    const admin = createKafka({
      ...broker.security,
      clientId: 'secret-leaks',
      brokers: broker.brokers,
      logger: silentLogger,
    }).admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topicCatalogue);
    } finally {
      await admin.disconnect();
    }
    await registerSchemas(new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }));
  }, 180_000);

  afterAll(async () => {
    for (const child of broken) child.kill('SIGKILL');
    await supervisor?.stopAll();
    for (const db of databases) await db.drop().catch(() => undefined);
    await broker?.stop();
  }, 90_000);

  /** The service's env: the broker's credentials, a database URL with a password, one API client. */
  async function serviceEnv(service: ServiceProcessName, overrides: Record<string, string> = {}) {
    const db = await freshDatabase(`leaks_${service.replace('-service', '')}`);
    databases.push(db);
    const url = new URL(db.url);
    url.password = secrets.postgresPassword;
    return {
      ...broker!.clientEnv,
      DATABASE_URL: url.toString(),
      SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
      API_KEYS: JSON.stringify([
        { client: 'leak-test', keySha256: sha256(secrets.apiKey), scopes: ['*'] },
        {
          client: 'leak-test-narrow',
          keySha256: sha256(secrets.narrowKey),
          scopes: ['billing:read'],
          rateLimit: { perSecond: 1, burst: 2 },
        },
      ]),
      ...overrides,
    };
  }

  async function startService(service: ServiceProcessName): Promise<string> {
    const port = await freePort();
    await supervisor!.start(await serviceProcessSpec(service, await serviceEnv(service), port));
    return `http://127.0.0.1:${port}`;
  }

  /**
   * order-service with a broken setting, run until its log matches `until` or it exits (it
   * cannot start); its output goes to <label>.log beside the others.
   */
  async function runBroken(label: string, overrides: Record<string, string>, until: RegExp) {
    const env = await serviceEnv('order-service', overrides);
    const spec = await serviceProcessSpec('order-service', env, await freePort());
    const logFile = path.join(logDir, `${label}.log`);
    const log = createWriteStream(logFile);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    broken.push(child);
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    let gone = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => (gone = true));
    await waitFor(() => gone || until.test(readFileSync(logFile, 'utf8')), {
      timeoutMs: 90_000,
      intervalMs: 500,
      description: `${label} to fail`,
    });
    if (!gone) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
    }
    await exited;
    await new Promise<void>((resolve) => log.end(resolve));
    return readFileSync(logFile, 'utf8');
  }

  async function call(base: string, method: string, route: string, key?: string, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers['x-api-key'] = key;
    const res = await fetch(`${base}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Every line of every log this test produced that holds one of the planted secrets. */
  function leaks(): string[] {
    const files = [...readdirSync(logDir).map((f) => path.join(logDir, f)), broker!.kafkaLog];
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const [name, secret] of Object.entries(secrets)) {
        for (const line of lines.filter((l) => secret && l.includes(secret))) {
          found.push(`${path.basename(file)} (${name}): ${line.slice(0, 300)}`);
        }
      }
    }
    return found;
  }

  it('never shows a key, a password or a database URL password, also when a service cannot start', async () => {
    const order = await startService('order-service');
    const billing = await startService('billing-service');
    const { apiKey, wrongApiKey, narrowKey } = secrets;

    expect(await call(order, 'GET', '/v1/orders', apiKey)).toBe(200);
    expect(await call(order, 'GET', '/v1/orders', wrongApiKey)).toBe(401);
    expect(await call(order, 'GET', '/v1/orders')).toBe(401);
    expect(await call(order, 'POST', '/v1/orders', apiKey, { lines: 'not lines' })).toBe(400);
    expect(await call(order, 'POST', '/v1/orders', wrongApiKey, {})).toBe(401);
    expect(await call(order, 'POST', '/v1/orders', narrowKey, {})).toBe(403);
    expect(await call(order, 'GET', `/v1/orders/${randomUUID()}`, apiKey)).toBe(404);
    expect(await call(order, 'GET', '/admin/consumer', wrongApiKey)).toBe(401);
    expect(await call(order, 'GET', '/admin/consumer', apiKey)).toBe(200);
    expect(await call(order, 'GET', '/no-such-route', apiKey)).toBe(404);
    expect(await call(billing, 'GET', '/v1/invoices', apiKey)).toBe(200);
    expect(await call(billing, 'GET', '/v1/invoices', wrongApiKey)).toBe(401);
    const burst = [];
    for (let i = 0; i < 4; i += 1)
      burst.push(await call(billing, 'GET', '/v1/invoices', narrowKey));
    expect(burst).toContain(429);
    for (const base of [order, billing]) {
      expect(await call(base, 'GET', '/health/ready')).toBe(200);
      expect(await call(base, 'GET', '/metrics', apiKey)).toBe(200);
    }

    const sasl = /SASL|[Aa]uthentication failed/;
    const wrongKafka = {
      KAFKA_SASL_PASSWORD: secrets.wrongKafkaPassword,
      KAFKA_SASL_PASSWORD_FILE: '',
    };
    expect(await runBroken('wrong-kafka-password', wrongKafka, sasl)).toMatch(sasl);
    // DATABASE_URL with the password but a port out of range (a ConfigError) or closed.
    const badPort = `postgres://postgres:${secrets.postgresPassword}@127.0.0.1:99999/order_service`;
    expect(await runBroken('bad-database-url', { DATABASE_URL: badPort }, /DATABASE_URL/)).toMatch(
      /DATABASE_URL must be a URL/,
    );
    const closed = `postgres://postgres:${secrets.postgresPassword}@127.0.0.1:1/order_service`;
    expect(await runBroken('closed-database', { DATABASE_URL: closed }, /ECONNREFUSED/)).toMatch(
      /ECONNREFUSED/,
    );

    await supervisor!.stopAll();
    expect(leaks()).toEqual([]);
  }, 300_000);
});
