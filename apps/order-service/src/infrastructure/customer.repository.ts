import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import type { CreditPosition } from '../domain/credit-check';
import { NotFoundError } from '../domain/order.errors';
import { progressStatuses } from '../domain/order-status';
import { CustomerEntity } from './customer.entity';

/** Statuses whose value counts against the credit limit: released, not yet invoiced. */
const openProgress = progressStatuses.slice(
  progressStatuses.indexOf('RELEASED'),
  progressStatuses.indexOf('INVOICED'),
);

/** A credit position as a command read it, with the customer row's version of the moment. */
export interface ReadCreditPosition extends CreditPosition {
  /** The row's xmin: every approval of the customer rewrites the row, so it changes with it. */
  token: string;
}

@Injectable()
export class TypeOrmCustomerRepository {
  /** A part of a command's read: the customer's currency, or null when there is no such one. */
  currencySql(params: unknown[], id: string): string {
    return `(SELECT currency FROM customer WHERE id = ${sqlParam(params, id)})`;
  }

  /** A part of a command's read: the credit position (ReadCreditPosition) of an order's customer. */
  creditSql(params: unknown[], orderId: string): string {
    return `(SELECT json_build_object('customerId', c.id,
        'creditLimitMinor', c.credit_limit_minor, 'currency', c.currency, 'token', c.xmin::text,
        'openOrderValueMinor', (SELECT coalesce(sum(total_minor), 0) FROM customer_order
          WHERE customer_id = c.id AND currency = c.currency AND cancelled_at IS NULL
            AND progress = ANY(${sqlParam(params, openProgress)})))
      FROM customer c
      WHERE c.id = (SELECT customer_id FROM customer_order WHERE id = ${sqlParam(params, orderId)}))`;
  }

  /**
   * A WITH member `credit_unchanged`: rewrites the customer row when it is still the version
   * whose open order value the approval checked. Only approvals add to the open value, and each
   * rewrites the row, so two concurrent approvals of a customer cannot both pass on one reading
   * of the open value: the later write finds the row changed and the command reads again. A
   * no-key update, as the row lock it replaces (FOR NO KEY UPDATE) was: it does not conflict
   * with the KEY SHARE lock every insert of an order takes on its customer (the foreign key),
   * so placing orders does not queue behind approvals of the same customer.
   */
  creditGuardSql(params: unknown[], position: ReadCreditPosition): string {
    return `credit_unchanged AS (
      UPDATE customer SET credit_limit_minor = credit_limit_minor
      WHERE id = ${sqlParam(params, position.customerId)}
        AND xmin = ${sqlParam(params, position.token)}::xid
      RETURNING id)`;
  }

  /**
   * Locks the customer of an order for the rest of the transaction (FOR NO KEY UPDATE, the
   * strength of the guard's update: orders can still be placed for the customer meanwhile).
   * Statements after it see every approval that committed before the lock was granted.
   */
  async lockForOrder(tx: EntityManager, orderId: string): Promise<void> {
    await tx.query(
      `SELECT 1 FROM customer
       WHERE id = (SELECT customer_id FROM customer_order WHERE id = $1)
       FOR NO KEY UPDATE`,
      [orderId],
    );
  }

  async get(tx: EntityManager, id: string): Promise<CustomerEntity> {
    const customer = await tx.findOne(CustomerEntity, { where: { id } });
    if (!customer) throw new NotFoundError('CUSTOMER', id);
    return customer;
  }
}
