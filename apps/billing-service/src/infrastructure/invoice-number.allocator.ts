import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatInvoiceNumber, nextInvoiceNumber } from '../domain';

/**
 * Gapless numbers per series and year: the counter row is locked FOR UPDATE by the issuing
 * transaction and bumped in it, so concurrent issuers queue on the row and a rolled-back
 * issuance gives its number back.
 */
@Injectable()
export class InvoiceNumberAllocator {
  async next(tx: EntityManager, series: string, year: number): Promise<string> {
    await tx.query(
      `INSERT INTO invoice_number_counter (series, year, last_sequence) VALUES ($1, $2, 0)
       ON CONFLICT DO NOTHING`,
      [series, year],
    );
    const [row]: { last_sequence: number }[] = await tx.query(
      `SELECT last_sequence FROM invoice_number_counter WHERE series = $1 AND year = $2
       FOR UPDATE`,
      [series, year],
    );
    const last =
      row.last_sequence === 0
        ? null
        : formatInvoiceNumber({ series, year, sequence: row.last_sequence });
    const number = nextInvoiceNumber(series, year, last);
    await tx.query(
      `UPDATE invoice_number_counter SET last_sequence = last_sequence + 1
       WHERE series = $1 AND year = $2`,
      [series, year],
    );
    return number;
  }
}
