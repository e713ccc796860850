import { ensureOpsDatabase } from '../../audit/audit-store';
import { withClient } from '../../db/pg';
import type { DeadLetter } from './dead-letter';

/**
 * The dead-letter topic is an append-only log kept forever, so what operators did with each
 * dead letter (re-driven, purged) is kept beside it in the ops database, by topic, partition
 * and offset.
 */
const ledgerSql = `
CREATE TABLE IF NOT EXISTS dead_letter_ledger (
  dlq_topic     text NOT NULL,
  dlq_partition int NOT NULL,
  dlq_offset    bigint NOT NULL,
  status        text NOT NULL,
  event_id      text,
  redriven_to   jsonb,
  actor         text NOT NULL,
  action_id     uuid NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);`;

export interface LedgerEntry {
  topic: string;
  letter: DeadLetter;
  status: 'redriven' | 'purged';
  redrivenTo?: { topic: string; partition: number; offset: string };
  actor: string;
  actionId: string;
}

export class DeadLetterLedger {
  private ready?: Promise<void>;

  constructor(private readonly opsUrl: string) {}

  private prepare(): Promise<void> {
    this.ready ??= ensureOpsDatabase(this.opsUrl).then(() =>
      withClient(this.opsUrl, async (c) => void (await c.query(ledgerSql))),
    );
    return this.ready;
  }

  /** Marks each letter with its ledger status (pending when the ledger does not know it). */
  async annotate(topic: string, letters: DeadLetter[]): Promise<DeadLetter[]> {
    await this.prepare();
    const rows = await withClient(this.opsUrl, async (c) => {
      const r = await c.query<{ dlq_partition: number; dlq_offset: string; status: string }>(
        'SELECT dlq_partition, dlq_offset, status FROM dead_letter_ledger WHERE dlq_topic = $1',
        [topic],
      );
      return r.rows;
    });
    const status = new Map(rows.map((r) => [`${r.dlq_partition}:${r.dlq_offset}`, r.status]));
    return letters.map((l) => ({
      ...l,
      status: (status.get(`${l.partition}:${l.offset}`) ?? 'pending') as DeadLetter['status'],
    }));
  }

  async record(e: LedgerEntry): Promise<void> {
    await this.prepare();
    await withClient(this.opsUrl, (c) =>
      c.query(
        `INSERT INTO dead_letter_ledger
           (dlq_topic, dlq_partition, dlq_offset, status, event_id, redriven_to, actor, action_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO UPDATE
           SET status = EXCLUDED.status, redriven_to = EXCLUDED.redriven_to,
               actor = EXCLUDED.actor, action_id = EXCLUDED.action_id, at = now()`,
        [
          e.topic,
          e.letter.partition,
          e.letter.offset,
          e.status,
          e.letter.eventId,
          e.redrivenTo ? JSON.stringify(e.redrivenTo) : null,
          e.actor,
          e.actionId,
        ],
      ),
    );
  }
}
