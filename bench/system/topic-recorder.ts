/**
 * The milestone topics as the benchmark reads them: a group of its own, positioned at the end
 * when the run starts and paused while a step runs, so that it is not a seventh consumer of
 * every event inside the measured window. After a step it is resumed, reads up to the high
 * watermarks the step left, decodes with the canonical codec and is paused again.
 */
import { topicCatalogue, type EventCodec } from '@logisync/canonical-events';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { EventLog, RecordedEvent } from './probes';

const milestoneTopics = topicCatalogue.filter((t) => t.kind === 'milestones').map((t) => t.name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const millis = (v: unknown) => (v instanceof Date ? v.getTime() : Number(new Date(v as never)));

/** The next offset to be written, per `topic:partition`. */
export type HighWatermarks = Map<string, number>;

export async function highWatermarks(
  admin: Admin,
  topics: readonly string[] = milestoneTopics,
): Promise<HighWatermarks> {
  const out: HighWatermarks = new Map();
  for (const topic of topics)
    for (const o of await admin.fetchTopicOffsets(topic))
      out.set(`${topic}:${o.partition}`, Number(o.high));
  return out;
}

export class TopicRecorder implements EventLog {
  private consumer: Consumer;
  private raw: { topic: string; value: Buffer; timestamp: number }[] = [];
  private decoded = 0;
  /** The next offset to read per `topic:partition`. */
  private readonly next: HighWatermarks = new Map();
  readonly events: RecordedEvent[] = [];
  readonly byId = new Map<string, RecordedEvent>();

  constructor(
    kafka: Kafka,
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly codec: EventCodec,
  ) {
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  }

  /** Joins with committed offsets at the current ends, then pauses until the first step ends. */
  async start() {
    const ends = await highWatermarks(this.admin);
    for (const [k, v] of ends) this.next.set(k, v);
    // A group without committed offsets resolves "latest" lazily, at its first fetch; a paused
    // partition would resolve it at the resume and skip the step. Commit the ends first.
    for (const topic of milestoneTopics)
      await this.admin.setOffsets({
        groupId: this.groupId,
        topic,
        partitions: [...ends.entries()]
          .filter(([k]) => k.startsWith(`${topic}:`))
          .map(([k, offset]) => ({ partition: Number(k.split(':')[1]), offset: String(offset) })),
      });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (joined = true));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: milestoneTopics, fromBeginning: false });
    await this.consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          this.next.set(`${batch.topic}:${batch.partition}`, Number(m.offset) + 1);
          if (m.value)
            this.raw.push({ topic: batch.topic, value: m.value, timestamp: Number(m.timestamp) });
        }
      },
    });
    const deadline = Date.now() + 60_000;
    while (!joined && Date.now() < deadline) await sleep(100);
    if (!joined) throw new Error('the recorder did not join its group in 60 s');
    this.pause();
  }

  pause() {
    this.consumer.pause(milestoneTopics.map((topic) => ({ topic })));
  }

  /** Reads every milestone topic up to `until`, pauses again, decodes what arrived. */
  async readUpTo(until: HighWatermarks, timeoutMs = 60_000): Promise<boolean> {
    this.consumer.resume(milestoneTopics.map((topic) => ({ topic })));
    const deadline = Date.now() + timeoutMs;
    const behind = () => [...until].some(([k, high]) => (this.next.get(k) ?? 0) < high);
    while (behind() && Date.now() < deadline) await sleep(50);
    this.pause();
    const complete = !behind();
    await this.decode();
    return complete;
  }

  private async decode() {
    const pending = this.raw.slice(this.decoded);
    this.decoded = this.raw.length;
    for (const { topic, value, timestamp } of pending) {
      try {
        const { eventType, event } = await this.codec.decode(value);
        const meta = (event as unknown as { meta: Record<string, unknown> }).meta;
        const e: RecordedEvent = {
          topic,
          eventId: String(meta.eventId),
          eventType,
          causationId: (meta.causationId as string | null) ?? null,
          correlationId: String(meta.correlationId),
          occurredAt: millis(meta.occurredAt),
          recordedAt: millis(meta.recordedAt),
          publishedAt: timestamp,
          bytes: value.length,
        };
        this.events.push(e);
        this.byId.set(e.eventId, e);
      } catch {
        // poison or a foreign schema: not part of the measurement
      }
    }
  }

  async stop() {
    await this.consumer.disconnect().catch(() => undefined);
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
