import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { openBillingCase, type BillingCase } from '../domain';
import { caseFromJson, caseToJson } from './billing-case.codec';

/** One row per order; every change takes the row lock first, so facts of one order serialize. */
@Injectable()
export class BillingCaseRepository {
  async getForUpdate(tx: EntityManager, orderId: string): Promise<BillingCase> {
    await tx.query(
      `INSERT INTO billing_case (order_id, state) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [orderId, JSON.stringify(caseToJson(openBillingCase(orderId)))],
    );
    const [row]: { state: unknown }[] = await tx.query(
      'SELECT state FROM billing_case WHERE order_id = $1 FOR UPDATE',
      [orderId],
    );
    return caseFromJson(row.state);
  }

  /**
   * Locks the cases of `orderIds` (opening the missing ones) in one statement, in order_id
   * order so that concurrent sets queue instead of deadlocking. The no-op update is what
   * makes RETURNING give the locked row's latest committed state.
   */
  async lockAll(tx: EntityManager, orderIds: readonly string[]): Promise<Map<string, BillingCase>> {
    const opened = [...orderIds]
      .sort()
      .map((orderId) => ({ order_id: orderId, state: caseToJson(openBillingCase(orderId)) }));
    const rows: { order_id: string; state: unknown }[] = await tx.query(
      `INSERT INTO billing_case AS c (order_id, state)
       SELECT r.order_id, r.state FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, state jsonb)
       ORDER BY r.order_id
       ON CONFLICT (order_id) DO UPDATE SET updated_at = c.updated_at
       RETURNING c.order_id, c.state`,
      [JSON.stringify(opened)],
    );
    return new Map(rows.map((r) => [r.order_id, caseFromJson(r.state)]));
  }

  async find(tx: EntityManager, orderId: string): Promise<BillingCase | null> {
    const [row]: { state: unknown }[] = await tx.query(
      'SELECT state FROM billing_case WHERE order_id = $1',
      [orderId],
    );
    return row ? caseFromJson(row.state) : null;
  }

  async save(tx: EntityManager, state: BillingCase, now: Date): Promise<void> {
    await tx.query(
      `UPDATE billing_case SET state = $2, has_order = $3, delivered = $4, cancelled = $5,
         updated_at = $6 WHERE order_id = $1`,
      [
        state.orderId,
        JSON.stringify(caseToJson(state)),
        state.order !== null,
        state.deliveries.length > 0,
        state.cancelled,
        now,
      ],
    );
  }

  /** Writes every case of a set in one statement. */
  async saveAll(tx: EntityManager, states: readonly BillingCase[], now: Date): Promise<void> {
    if (states.length === 0) return;
    const rows = states.map((state) => ({
      order_id: state.orderId,
      state: caseToJson(state),
      has_order: state.order !== null,
      delivered: state.deliveries.length > 0,
      cancelled: state.cancelled,
    }));
    await tx.query(
      `UPDATE billing_case c SET state = r.state, has_order = r.has_order,
         delivered = r.delivered, cancelled = r.cancelled, updated_at = $2
       FROM jsonb_to_recordset($1::jsonb)
         AS r(order_id text, state jsonb, has_order boolean, delivered boolean, cancelled boolean)
       WHERE c.order_id = r.order_id`,
      [JSON.stringify(rows), now],
    );
  }

  /** Delivered orders (not cancelled) with their case, for reconciliation. */
  async delivered(tx: EntityManager): Promise<BillingCase[]> {
    const rows: { state: unknown }[] = await tx.query(
      'SELECT state FROM billing_case WHERE delivered AND NOT cancelled ORDER BY order_id',
    );
    return rows.map((r) => caseFromJson(r.state));
  }
}
