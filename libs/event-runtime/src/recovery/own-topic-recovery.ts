import { randomUUID } from 'node:crypto';
import { EventHeader, type EventCodec, type ServiceName } from '@logisync/canonical-events';
import type { Kafka } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventSetHandler, RawMessage, SetEvent } from '../consumer/consumed-event';
import { silentLogger, type RuntimeLogger } from '../logging/runtime-logger';
import { readRanges, type OffsetRange } from './topic-range.reader';

/** One partition of an own topic that holds events this database does not know it published. */
export interface PositionGap extends OffsetRange {
  /** What the database knew (0: nothing recorded). */
  known: string;
}

/** A recorded position, as `published_position` holds it. */
export interface RecordedPosition {
  topic: string;
  partition: number;
  knownOffset: string;
}

/** A partition's offsets as the broker reports them. */
export interface PartitionEnds {
  topic: string;
  partition: number;
  low: string;
  high: string;
}

/**
 * Every partition with what the database knows of it and what lies past that (`from`..`to`):
 * the one comparison behind a recovery and its dry run (`logisync recover`).
 */
export function comparePositions(
  recorded: readonly RecordedPosition[],
  ends: readonly PartitionEnds[],
): PositionGap[] {
  const known = new Map(recorded.map((r) => [`${r.topic}|${r.partition}`, r.knownOffset]));
  return ends.map(({ topic, partition, low, high }) => {
    const position = known.get(`${topic}|${partition}`) ?? '0';
    const from = BigInt(position) > BigInt(low) ? position : low;
    return { topic, partition, from, to: high, known: position };
  });
}

export interface RecoveryReport {
  /** True when the database had no position yet and took the topics' ends as its own. */
  baseline: boolean;
  gaps: PositionGap[];
  /** Events found in the gaps and adopted (their ids are never published again). */
  adopted: number;
  seconds: number;
}

export interface OwnTopicRecoveryOptions {
  service: ServiceName;
  kafka: Kafka;
  dataSource: DataSource;
  codec: EventCodec;
  /** The topics this service writes, as named here (a test's own names). */
  topics: string[];
  /**
   * Takes the service's own events of a gap back into its state (an invoice with its number, an
   * allocation with its id), in log order per partition, in the transaction that records them as
   * adopted. Without it the events are only kept from being published again.
   */
  adopt?: EventSetHandler<never>;
  /** Events per adopting transaction. */
  batchSize?: number;
  /**
   * A database that has recorded no position on its topics at all is new, or lost everything.
   * By default it is taken as new: the topics' ends become its positions and nothing is adopted
   * (a fresh deployment, a benchmark or a test on topics that hold other runs' history). Set this
   * to adopt the whole topics instead (a lost disk).
   */
  adoptIntoEmptyDatabase?: boolean;
  logger?: RuntimeLogger;
}

/**
 * Recovery of what a service published from a state its database no longer has (it was restored
 * from a backup, or lost): before the service consumes or publishes anything, the events on its
 * own topics past the positions its database recorded (`published_position`) are read and
 * adopted: recorded in `adopted_event`, which the relay consults so that it never publishes one of
 * these ids again, and handed to the service's `adopt` handler, which takes them back into its
 * state. A replay of the inputs then finds its effects already there. Replicas serialize on an
 * advisory lock; a recovery with no gap costs one offsets request and one query.
 */
export class OwnTopicRecovery {
  private finished?: Promise<RecoveryReport>;
  private readonly logger: RuntimeLogger;

  constructor(private readonly o: OwnTopicRecoveryOptions) {
    this.logger = o.logger ?? silentLogger;
  }

  /** Runs the recovery once per process; later calls wait for the same one. */
  ready(): Promise<RecoveryReport> {
    this.finished ??= this.run();
    return this.finished;
  }

  /**
   * The partitions whose topic is ahead of this database (a dry run reads only this), and whether
   * the database has recorded any position at all.
   */
  async gaps(
    tx: EntityManager = this.o.dataSource.manager,
  ): Promise<{ gaps: PositionGap[]; ends: PositionGap[]; recordedAny: boolean }> {
    if (this.o.topics.length === 0) return { gaps: [], ends: [], recordedAny: false };
    const rows: { topic: string; partition: number; known_offset: string }[] = await tx.query(
      'SELECT topic, partition, known_offset::text FROM published_position WHERE topic = ANY($1)',
      [this.o.topics],
    );
    const admin = this.o.kafka.admin();
    await admin.connect();
    try {
      const offsets: PartitionEnds[] = [];
      for (const topic of this.o.topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          offsets.push({ topic, partition, low, high });
        }
      }
      const ends = comparePositions(
        rows.map((r) => ({ topic: r.topic, partition: r.partition, knownOffset: r.known_offset })),
        offsets,
      );
      const gaps = ends.filter((e) => BigInt(e.to) > BigInt(e.from));
      return { gaps, ends, recordedAny: rows.length > 0 };
    } finally {
      await admin.disconnect();
    }
  }

  private async run(): Promise<RecoveryReport> {
    const started = Date.now();
    const lock = this.o.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [
        `own-topic-recovery:${this.o.service}`,
      ]);
      const { gaps, ends, recordedAny } = await this.gaps();
      if (!recordedAny && !this.o.adoptIntoEmptyDatabase) {
        // Every partition, empty ones too: a dump taken from now on says it has started.
        await this.recordEnds(ends);
        if (gaps.length > 0) {
          this.logger.warn(
            { partitions: gaps.length },
            'own topics hold events this new database has no record of; taking their ends as its positions',
          );
        }
        return { baseline: true, gaps, adopted: 0, seconds: (Date.now() - started) / 1000 };
      }
      let adopted = 0;
      if (gaps.length > 0) {
        // After a plain restart this is the relay's last batch (its recorded bound is the
        // batch's first message); after a restore, everything published since the backup.
        this.logger.info(
          { gaps: gaps.map((g) => `${g.topic}/${g.partition} ${g.from}..${g.to}`) },
          'own topics are ahead of this database: adopting what was published',
        );
        const groupId = `${this.o.service}.recovery.${randomUUID()}`;
        await readRanges(this.o.kafka, groupId, gaps, this.o.batchSize ?? 500, async (batch) => {
          adopted += await this.adoptBatch(batch);
        });
      }
      const report = { baseline: false, gaps, adopted, seconds: (Date.now() - started) / 1000 };
      if (gaps.length > 0) this.logger.info({ ...report, gaps: gaps.length }, 'own topics adopted');
      return report;
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [
        `own-topic-recovery:${this.o.service}`,
      ]);
      await lock.release();
    }
  }

  private async recordEnds(ends: PositionGap[]): Promise<void> {
    if (ends.length === 0) return;
    await this.o.dataSource.query(
      `INSERT INTO published_position (topic, partition, known_offset)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
       ON CONFLICT (topic, partition) DO NOTHING`,
      [ends.map((e) => e.topic), ends.map((e) => e.partition), ends.map((e) => e.to)],
    );
  }

  private async adoptBatch(messages: RawMessage[]): Promise<number> {
    const events: SetEvent[] = [];
    for (const message of messages) {
      if (!message.headers[EventHeader.eventId]) continue;
      const { eventType, event } = await this.o.codec.decode(message.value);
      const meta = (event as { meta: { eventId: string; correlationId: string } }).meta;
      events.push({
        event,
        envelope: {
          eventType,
          eventId: meta.eventId,
          correlationId: meta.correlationId,
          key: message.key === null ? null : message.key.toString(),
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          headers: message.headers,
          traceparent: message.headers[EventHeader.traceparent],
        },
      });
    }
    const reached = new Map<string, { topic: string; partition: number; next: bigint }>();
    for (const m of messages) {
      const id = `${m.topic}|${m.partition}`;
      const next = BigInt(m.offset) + 1n;
      if ((reached.get(id)?.next ?? -1n) < next) {
        reached.set(id, { topic: m.topic, partition: m.partition, next });
      }
    }
    await this.o.dataSource.transaction(async (tx) => {
      const rows: unknown[] = await tx.query(
        `INSERT INTO adopted_event (event_id, event_type, topic, partition, "offset")
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bigint[])
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [
          events.map((e) => e.envelope.eventId),
          events.map((e) => e.envelope.eventType),
          events.map((e) => e.envelope.topic),
          events.map((e) => e.envelope.partition),
          events.map((e) => e.envelope.offset),
        ],
      );
      if (this.o.adopt && events.length > 0) {
        await this.o.adopt(events as SetEvent<never>[], { tx });
      }
      const positions = [...reached.values()];
      await tx.query(
        `INSERT INTO published_position (topic, partition, known_offset)
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
         ON CONFLICT (topic, partition) DO UPDATE
           SET known_offset = GREATEST(published_position.known_offset, excluded.known_offset)`,
        [
          positions.map((p) => p.topic),
          positions.map((p) => p.partition),
          positions.map((p) => String(p.next)),
        ],
      );
      return rows.length;
    });
    return events.length;
  }
}
