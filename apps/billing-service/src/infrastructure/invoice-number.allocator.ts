import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatInvoiceNumber, nextInvoiceNumber, type InvoiceNumber } from '../domain';

/**
 * Gapless numbers per series and year: the counter row is bumped by the issuing transaction
 * (which then holds its lock until it ends), so concurrent issuers queue on the row and a
 * rolled-back issuance gives its numbers back.
 */
@Injectable()
export class InvoiceNumberAllocator {
  async next(tx: EntityManager, series: string, year: number): Promise<string> {
    return nextInvoiceNumber(series, year, await this.take(tx, series, year, 1));
  }

  /**
   * Reserves `count` numbers with one statement and returns the last number issued before
   * them (null when none was); the caller numbers its invoices from there with
   * nextInvoiceNumber, which also refuses a full series.
   */
  async take(
    tx: EntityManager,
    series: string,
    year: number,
    count: number,
  ): Promise<string | null> {
    const [row]: { last_before: number }[] = await tx.query(
      `INSERT INTO invoice_number_counter AS c (series, year, last_sequence) VALUES ($1, $2, $3)
       ON CONFLICT (series, year) DO UPDATE SET last_sequence = c.last_sequence + $3
       RETURNING c.last_sequence - $3 AS last_before`,
      [series, year, count],
    );
    return row.last_before === 0
      ? null
      : formatInvoiceNumber({ series, year, sequence: row.last_before });
  }

  /**
   * Raises each series' counter to at least the highest of `numbers` in one statement (numbers
   * issued before a restore, taken back from the topic): the next one issued follows them.
   */
  async raiseTo(tx: EntityManager, numbers: readonly InvoiceNumber[]): Promise<void> {
    const highest = new Map<string, InvoiceNumber>();
    for (const n of numbers) {
      const key = `${n.series}|${n.year}`;
      if ((highest.get(key)?.sequence ?? 0) < n.sequence) highest.set(key, n);
    }
    if (highest.size === 0) return;
    const rows = [...highest.values()];
    await tx.query(
      `INSERT INTO invoice_number_counter AS c (series, year, last_sequence)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[])
       ON CONFLICT (series, year) DO UPDATE
         SET last_sequence = GREATEST(c.last_sequence, EXCLUDED.last_sequence)
         WHERE c.last_sequence < EXCLUDED.last_sequence`,
      [rows.map((r) => r.series), rows.map((r) => r.year), rows.map((r) => r.sequence)],
    );
  }
}
