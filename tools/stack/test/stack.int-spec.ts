// The local stack against the clients the project uses: kafkajs for Kafka,
// @kafkajs/confluent-schema-registry for the registry's ccompat API, and
// Kafka's own tools from the same jars. Assumes `npm run stack:up`.
// Every test uses a fresh topic, group and subject.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Admin, Consumer, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const TIMEOUT = 180_000;

const kafka = new Kafka({
  clientId: 'stack-int-spec',
  brokers: stackEndpoints.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
});

async function freshTopic(prefix: string, numPartitions = 3): Promise<string> {
  const topic = uniqueName(prefix);
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  return topic;
}

/** Runs a consumer in `groupId` and collects messages until `count` have arrived. */
async function consume(
  topic: string,
  groupId: string,
  count: number,
  fromBeginning = true,
): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  // A short fetch wait: disconnect() waits for the fetch in flight (5 s by default).
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  await waitFor(() => seen.length >= count, {
    timeoutMs: 60_000,
    description: `${count} messages`,
  });
  return seen;
}

async function committedTotal(groupId: string, topic: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

async function stopConsumers(): Promise<void> {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
}

const values = (ms: KafkaMessage[]) => ms.map((m) => m.value!.toString()).sort();

describe('local stack', () => {
  it(
    'kafkajs creates a topic, produces, and a consumer group reads it back and commits',
    async () => {
      const topic = await freshTopic('stack_roundtrip');
      const groupId = uniqueName('stack_roundtrip_g');
      const sent = Array.from({ length: 10 }, (_, i) => `m-${i}`);
      await producer.send({
        topic,
        acks: -1,
        messages: sent.map((v, i) => ({ key: `k${i}`, value: v })),
      });

      const got = await consume(topic, groupId, sent.length);

      expect(values(got)).toEqual([...sent].sort());
      await waitFor(async () => (await committedTotal(groupId, topic)) === sent.length, {
        description: 'offsets committed',
      });
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0].state).toBe('Stable');
    },
    TIMEOUT,
  );

  it(
    'offsets reset through the admin API make the group read again',
    async () => {
      const topic = await freshTopic('stack_reset');
      const groupId = uniqueName('stack_reset_g');
      const sent = ['a', 'b', 'c', 'd', 'e', 'f'];
      await producer.send({ topic, messages: sent.map((v) => ({ key: v, value: v })) });
      await consume(topic, groupId, sent.length);
      await waitFor(async () => (await committedTotal(groupId, topic)) === sent.length);
      await stopConsumers();

      // kafkajs commits the sentinel -2 for "earliest"; the next consumer
      // resolves it with its own fromBeginning, so that must be true.
      await admin.resetOffsets({ groupId, topic, earliest: true });
      expect(values(await consume(topic, groupId, sent.length, true))).toEqual(sent);
      await stopConsumers();

      // Explicit offsets need no such cooperation from the consumer.
      const low = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: low.map((p) => ({ partition: p.partition, offset: p.low })),
      });
      expect(values(await consume(topic, groupId, sent.length, false))).toEqual(sent);
    },
    TIMEOUT,
  );

  describe('schema registry (Apicurio ccompat)', () => {
    const recordName = () => `Ping_${uniqueName('r')}`;
    const schemaFor = (name: string) => ({
      type: 'record',
      name,
      namespace: 'logisync.stacktest',
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'qty', type: 'int' },
      ],
    });

    async function register(registry: SchemaRegistry, name: string): Promise<number> {
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schemaFor(name)) },
        { subject: `logisync.stacktest.${name}`, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
      );
      return id;
    }

    it(
      'encodes an Avro record through the real registry, and a consumer decodes it',
      async () => {
        const registry = new SchemaRegistry({ host: stackEndpoints.registryUrl });
        const name = recordName();
        const id = await register(registry, name);
        const topic = await freshTopic('stack_avro');
        const event = { orderId: 'o-1', qty: 3 };
        const encoded = await registry.encode(id, event);
        expect(encoded[0]).toBe(0); // Confluent framing: magic byte, then the id
        expect(encoded.readInt32BE(1)).toBe(id);

        await producer.send({ topic, messages: [{ key: 'o-1', value: encoded }] });
        const [msg] = await consume(topic, uniqueName('stack_avro_g'), 1);

        expect(await registry.decode(msg.value!)).toEqual(event);
        const byId = await fetch(`${stackEndpoints.registryUrl}/schemas/ids/${id}`);
        expect(byId.status).toBe(200);
        const body = (await byId.json()) as { schema: string };
        expect(JSON.parse(body.schema).name).toBe(name);
      },
      TIMEOUT,
    );
  });

  it(
    "Kafka's kafka-consumer-groups tool sees the group's committed offsets",
    async () => {
      const topic = await freshTopic('stack_tool');
      const groupId = uniqueName('stack_tool_g');
      await producer.send({
        topic,
        messages: Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
      });
      await consume(topic, groupId, 9);
      await waitFor(async () => (await committedTotal(groupId, topic)) === 9);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });

      const { stdout } = await run(
        'java',
        [
          '-Xmx256m',
          '-cp',
          path.join(process.env.STACK_DIR ?? path.join(repoRoot, '.stack'), 'kafka/lib/*'),
          'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
          '--bootstrap-server',
          stackEndpoints.kafkaBrokers[0],
          '--describe',
          '--group',
          groupId,
        ],
        { timeout: 60_000 },
      );

      // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID ...
      const rows = stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[0] === groupId && f[1] === topic);
      const fromTool = Object.fromEntries(rows.map((f) => [Number(f[2]), f[3]]));
      const fromAdmin = Object.fromEntries(
        committed.partitions.map((p) => [p.partition, p.offset]),
      );
      expect(fromTool).toEqual(fromAdmin);
      expect(rows.every((f) => f[5] === '0')).toBe(true); // no lag
    },
    TIMEOUT,
  );
});
