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

  /** Delivered orders (not cancelled) with their case, for reconciliation. */
  async delivered(tx: EntityManager): Promise<BillingCase[]> {
    const rows: { state: unknown }[] = await tx.query(
      'SELECT state FROM billing_case WHERE delivered AND NOT cancelled ORDER BY order_id',
    );
    return rows.map((r) => caseFromJson(r.state));
  }
}
