import type { TopicSpec } from '@logisync/canonical-events';
import type { Admin } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';

export interface TopicDrift {
  topic: string;
  setting: string;
  expected: string;
  actual: string;
}

export interface EnsureTopicsReport {
  created: string[];
  existing: string[];
  drift: TopicDrift[];
}

function configOf(spec: TopicSpec): Record<string, string> {
  return { 'retention.ms': String(spec.retentionMs), 'cleanup.policy': spec.cleanupPolicy };
}

/**
 * Creates the catalogue's topics that are missing and reports where existing ones differ
 * from the catalogue (partitions, retention, cleanup policy). It never alters a live topic:
 * drift is for a person to decide on.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  { replicationFactor = 1 }: { replicationFactor?: number } = {},
): Promise<EnsureTopicsReport> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor,
        configEntries: Object.entries(configOf(s)).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const existing = specs.filter((s) => present.has(s.name));
  return {
    created: missing.map((s) => s.name),
    existing: existing.map((s) => s.name),
    drift: existing.length ? await driftOf(admin, existing) : [],
  };
}

async function driftOf(admin: Admin, specs: TopicSpec[]): Promise<TopicDrift[]> {
  const drift: TopicDrift[] = [];
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name })),
  });
  for (const spec of specs) {
    const partitions = metadata.topics.find((t) => t.name === spec.name)?.partitions.length ?? 0;
    if (partitions !== spec.partitions) {
      drift.push({
        topic: spec.name,
        setting: 'partitions',
        expected: String(spec.partitions),
        actual: String(partitions),
      });
    }
    const entries =
      configs.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
    for (const [name, expected] of Object.entries(configOf(spec))) {
      const actual = entries.find((e) => e.configName === name)?.configValue ?? '(unset)';
      if (actual !== expected) drift.push({ topic: spec.name, setting: name, expected, actual });
    }
  }
  return drift;
}
