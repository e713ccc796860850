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
      waitForLeaders: false,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor,
        configEntries: Object.entries(configOf(s)).map(([name, value]) => ({ name, value })),
      })),
    });
    await waitForLeaders(
      admin,
      missing.map((s) => s.name),
    );
  }
  const existing = specs.filter((s) => present.has(s.name));
  return {
    created: missing.map((s) => s.name),
    existing: existing.map((s) => s.name),
    drift: existing.length ? await driftOf(admin, existing) : [],
  };
}

const NOT_YET_KNOWN = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * The controller acknowledges a new topic before every broker has learnt of it; until then a
 * broker answers UNKNOWN_TOPIC_OR_PARTITION (which kafkajs's own wait does not retry). Returns
 * once every partition of the topics has a leader, so a producer or consumer can use them.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const ready = topics.every((name) => {
        const partitions = found.find((t) => t.name === name)?.partitions ?? [];
        return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (error) {
      if (!NOT_YET_KNOWN.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
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
