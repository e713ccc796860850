import { topicSpec } from '@logisync/canonical-events';
import { stackEndpoints, uniqueName } from '@logisync/test-kit';
import { ConfigResourceTypes } from 'kafkajs';
import { createKafka, ensureTopics, silentLogger } from '../src';

describe('ensureTopics', () => {
  const kafka = createKafka({
    clientId: 'ensure-topics',
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  const name = uniqueName('ensure');
  const spec = { ...topicSpec('order.milestones.v1'), name: `order.milestones.v1.${name}` };
  const drifted = { ...topicSpec('billing.milestones.v1'), name: `billing.milestones.v1.${name}` };

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [spec.name, drifted.name] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates missing topics as the catalogue says: partitions, unlimited retention', async () => {
    const report = await ensureTopics(admin, [spec]);
    expect(report.created).toEqual([spec.name]);
    const metadata = await admin.fetchTopicMetadata({ topics: [spec.name] });
    expect(metadata.topics[0].partitions).toHaveLength(spec.partitions);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name }],
    });
    const retention = configs.resources[0].configEntries.find(
      (e) => e.configName === 'retention.ms',
    );
    expect(retention?.configValue).toBe('-1');
    expect(await ensureTopics(admin, [spec])).toEqual({
      created: [],
      existing: [spec.name],
      drift: [],
    });
  });

  it('reports drift on an existing topic and leaves it alone', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: drifted.name,
          numPartitions: 2,
          configEntries: [{ name: 'retention.ms', value: '604800000' }],
        },
      ],
    });
    const report = await ensureTopics(admin, [drifted]);
    expect(report.drift).toEqual(
      expect.arrayContaining([
        { topic: drifted.name, setting: 'partitions', expected: '6', actual: '2' },
        { topic: drifted.name, setting: 'retention.ms', expected: '-1', actual: '604800000' },
      ]),
    );
    const metadata = await admin.fetchTopicMetadata({ topics: [drifted.name] });
    expect(metadata.topics[0].partitions).toHaveLength(2);
  });
});
