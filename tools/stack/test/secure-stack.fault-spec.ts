// A broker of its own started with `stack.mjs start kafka --secure` (SASL_SSL, SCRAM-SHA-512,
// the stack's own CA) on free ports in a temporary STACK_DIR: clients without credentials or
// with a wrong password are refused, the credentials from `stack.mjs env` work for kafkajs,
// and order-service run as a process with those variables becomes ready, consumes and
// produces on it. A fault test: it starts a JVM and a service, so it runs alone.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ConfluentSchemaRegistryAdapter,
  deadLetterTopicOf,
  registerSchemas,
  topicCatalogue,
} from '@logisync/canonical-events';
import {
  createKafka,
  ensureTopics,
  silentLogger,
  type KafkaSecurity,
} from '@logisync/event-runtime';
import {
  freePort,
  freshDatabase,
  stackEndpoints,
  uniqueName,
  waitFor,
  type FreshDatabase,
} from '@logisync/test-kit';
import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';
import { ProcessSupervisor } from '../../supervisor/process-supervisor';
import { REPO_ROOT, serviceProcessSpec } from '../../system/services';
import { startSecureBroker, type SecureBroker } from './support/secure-broker';

const run = promisify(execFile);

describe('stack up --secure', () => {
  let broker: SecureBroker | undefined;
  let clientEnv: Record<string, string>;
  let brokers: string[];
  let security: KafkaSecurity;
  let password: string;

  beforeAll(async () => {
    broker = await startSecureBroker();
    ({ clientEnv, brokers, security, password } = broker);
    expect(clientEnv).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'logisync',
      KAFKA_TLS: 'true',
    });
    expect(broker.startOutput).not.toContain(password);
  }, 150_000);

  afterAll(() => broker?.stop(), 60_000);

  /** One attempt: a refused client must fail now, not after kafkajs' retries. */
  const admin = (config: Pick<KafkaConfig, 'ssl' | 'sasl'>): Admin =>
    new Kafka({
      ...config,
      clientId: uniqueName('secure'),
      brokers,
      connectionTimeout: 3_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();

  async function refusal(config: Pick<KafkaConfig, 'ssl' | 'sasl'>): Promise<Error> {
    const client = admin(config);
    try {
      await client.connect();
      await client.listTopics();
    } catch (error) {
      return error as Error;
    } finally {
      await client.disconnect().catch(() => undefined);
    }
    throw new Error('the broker accepted the client');
  }

  it('refuses clients without credentials, without TLS or with a wrong password', async () => {
    const ssl = { ca: [readFileSync(clientEnv.KAFKA_TLS_CA_FILE, 'utf8')] };
    expect((await refusal({})).name).toMatch(/KafkaJS/);
    expect((await refusal({ ssl })).name).toMatch(/KafkaJS/);
    const wrong = await refusal({
      ssl,
      sasl: { mechanism: 'scram-sha-512', username: 'logisync', password: 'not-the-password' },
    });
    expect(wrong.name).toBe('KafkaJSSASLAuthenticationError');
    expect(wrong.message).toMatch(/invalid credentials/);
  });

  it('lets a client with the credentials produce and consume', async () => {
    const kafka = createKafka({
      ...security,
      clientId: uniqueName('secure'),
      brokers,
      logger: silentLogger,
    });
    const topic = uniqueName('secure.roundtrip');
    const client = kafka.admin();
    await client.connect();
    await client.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'over SASL_SSL' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('secure-group'), maxWaitTimeInMs: 500 });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(`${message.value}`),
    });
    try {
      await waitFor(() => received.length > 0, { timeoutMs: 30_000, description: 'the message' });
      expect(received).toEqual(['over SASL_SSL']);
    } finally {
      await consumer.disconnect();
      await client.disconnect();
    }
  }, 60_000);

  const tool = (args: string[], env: Record<string, string>) =>
    run(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
      .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      }));
  const cli = (args: string[], env: Record<string, string>) =>
    tool([path.join(REPO_ROOT, 'tools/cli/bin/logisync.js'), ...args], env);
  const noCredentials = {
    KAFKA_BROKERS: '',
    KAFKA_SASL_MECHANISM: '',
    KAFKA_SASL_USERNAME: '',
    KAFKA_SASL_PASSWORD: '',
    KAFKA_SASL_PASSWORD_FILE: '',
    KAFKA_TLS: '',
    KAFKA_TLS_CA_FILE: '',
  };

  it('lets topics:ensure and the CLI in with the credentials, and not without', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
    const ensure = await tool([tsx, 'tools/topics/ensure-topics.ts'], clientEnv);
    expect(ensure).toMatchObject({ code: 0 });
    expect(ensure.stdout).toMatch(/created +order\.milestones\.v1/);

    const listed = await cli(['--json', 'topics'], clientEnv);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('order.milestones.v1');

    const plain = { ...noCredentials, KAFKA_BROKERS: clientEnv.KAFKA_BROKERS };
    expect((await cli(['--json', 'topics'], plain)).code).toBe(5); // unavailable
    for (const run of [ensure, listed]) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(password);
    }
  }, 120_000);

  describe('order-service with the credentials', () => {
    let supervisor: ProcessSupervisor | undefined;
    let db: FreshDatabase | undefined;

    afterAll(async () => {
      await supervisor?.stopAll();
      await db?.drop();
    }, 60_000);

    it('becomes ready, consumes, and dead-letters a poison message on the secure broker', async () => {
      const kafka = createKafka({ ...security, clientId: uniqueName('secure'), brokers });
      const client = kafka.admin();
      await client.connect();
      try {
        await ensureTopics(client, topicCatalogue); // normally done by the test above
        await registerSchemas(
          new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }),
        );
        db = await freshDatabase('secure_order');
        supervisor = new ProcessSupervisor(path.join(broker!.dir, 'service-logs'));
        const port = await freePort();
        await supervisor.start(
          await serviceProcessSpec(
            'order-service',
            { ...clientEnv, DATABASE_URL: db.url, SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl },
            port,
          ),
        );
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(ready.status).toBe(200);

        const consumed = topicCatalogue.find((t) => t.consumers.includes('order-service'))!;
        const dlq = deadLetterTopicOf('order-service');
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({
          topic: consumed.name,
          messages: [{ key: uniqueName('poison'), value: Buffer.from('not Avro at all') }],
        });
        await producer.disconnect();
        const dead = await waitFor(
          async () => {
            const offsets = await client.fetchTopicOffsets(dlq);
            const total = offsets.reduce((n, o) => n + Number(o.high), 0);
            return total > 0 ? total : undefined;
          },
          { timeoutMs: 45_000, intervalMs: 500, description: `a dead letter on ${dlq}` },
        );
        expect(dead).toBe(1);
        const log = readFileSync(supervisor.logFile('order-service'), 'utf8');
        expect(log).not.toContain(password);
        expect(readFileSync(broker!.kafkaLog, 'utf8')).not.toContain(password);
      } finally {
        await client.disconnect();
      }
    }, 150_000);
  });
});
