import { Inject, Injectable } from '@nestjs/common';
import { derivedId, type ExceptionRaisedV1 } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { WarehouseOrder } from '../domain';
import { TypeOrmWarehouseExceptionRepository } from '../infrastructure/exception.repository';
import type { WarehouseExceptionEntity } from '../infrastructure/warehouse-order.entities';
import { metaFor, producer } from './warehouse-event.factory';

export type WarehouseExceptionType = 'STOCK_SHORTAGE' | 'SHORT_PICK';

// ExceptionType v1 has no symbols for these two: a shortage is the ALLOCATION_SHORTAGE the
// order desk knows, a short pick goes out as OTHER and says so first in its details.
const wireType: Record<WarehouseExceptionType, ExceptionRaisedV1['type']> = {
  STOCK_SHORTAGE: 'ALLOCATION_SHORTAGE',
  SHORT_PICK: 'OTHER',
};

const policy: Record<WarehouseExceptionType, { severity: 'MEDIUM' | 'HIGH'; slaHours: number }> = {
  STOCK_SHORTAGE: { severity: 'HIGH', slaHours: 24 },
  SHORT_PICK: { severity: 'MEDIUM', slaHours: 4 },
};

/**
 * The id of the STOCK_SHORTAGE exception an OrderReleased raises: a replay of the release raises
 * the same one. Unique because a release event names one order and raises at most one shortage
 * for it (a second OrderReleased of the order changes nothing), and event ids are unique.
 */
export function shortageExceptionId(releasedEventId: string, orderId: string): string {
  return derivedId(releasedEventId, 'warehouse-exception', 'STOCK_SHORTAGE', orderId);
}

/** The exceptions the warehouse owns, with their events; the stock office works them. */
@Injectable()
export class WarehouseExceptions {
  constructor(
    @Inject(TypeOrmWarehouseExceptionRepository)
    private readonly exceptions: TypeOrmWarehouseExceptionRepository,
  ) {}

  /**
   * For a command that writes in one statement: the WITH member inserting the exception when
   * `gate` returned a row, and its event.
   */
  raiseSql(
    params: unknown[],
    gate: string,
    order: WarehouseOrder,
    type: WarehouseExceptionType,
    details: string,
  ): { member: string; entry: OutboxEntry } {
    // Raised by an operator's command (no event to derive from, nothing a replay re-derives).
    const { row, entry } = this.raised(order, type, details, null, randomUUID());
    return { member: this.exceptions.insertSql(params, row, gate), entry };
  }

  /**
   * A new open exception `id` of the order and its ExceptionRaised, for the caller to write. On
   * an event's path `id` is derived from the event (see shortageExceptionId).
   */
  raised(
    order: WarehouseOrder,
    type: WarehouseExceptionType,
    details: string,
    causationId: string | null,
    id: string,
  ): { row: WarehouseExceptionEntity; entry: OutboxEntry } {
    const now = new Date();
    const row: WarehouseExceptionEntity = {
      id,
      orderId: order.orderId,
      type,
      severity: policy[type].severity,
      owner: 'warehouse-ops',
      status: 'OPEN',
      details: `${type}: ${details}`,
      slaDueAt: new Date(now.getTime() + policy[type].slaHours * 3_600_000),
      raisedAt: now,
      resolvedAt: null,
      resolution: null,
    };
    const entry: OutboxEntry = {
      eventType: 'ExceptionRaised',
      event: {
        meta: metaFor(order, 'ExceptionRaised', causationId),
        orderId: order.orderId,
        exceptionId: row.id,
        type: wireType[type],
        severity: row.severity as 'MEDIUM' | 'HIGH',
        owner: row.owner,
        slaDueAt: row.slaDueAt,
        details: row.details,
        sourceService: producer,
      },
    };
    return { row, entry };
  }

  async resolveOpen(
    tx: EntityManager,
    order: WarehouseOrder,
    type: WarehouseExceptionType | undefined,
    resolution: string,
    causationId: string | null,
  ): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const row of await this.exceptions.openOf(tx, order.orderId, type)) {
      entries.push(await this.resolve(tx, order, row, resolution, causationId, producer));
    }
    return entries;
  }

  async resolve(
    tx: EntityManager,
    order: WarehouseOrder,
    row: WarehouseExceptionEntity,
    resolution: string,
    causationId: string | null,
    resolvedBy: string,
  ): Promise<OutboxEntry> {
    const { entry } = this.resolved(order, row, resolution, causationId, resolvedBy);
    await this.exceptions.save(tx, row);
    return entry;
  }

  /** Resolves `row` in place and returns its ExceptionResolved, for the caller to write. */
  resolved(
    order: WarehouseOrder,
    row: WarehouseExceptionEntity,
    resolution: string,
    causationId: string | null,
    resolvedBy: string,
  ): { row: WarehouseExceptionEntity; entry: OutboxEntry } {
    Object.assign(row, { status: 'RESOLVED', resolvedAt: new Date(), resolution });
    const entry: OutboxEntry = {
      eventType: 'ExceptionResolved',
      event: {
        meta: metaFor(order, 'ExceptionResolved', causationId),
        orderId: order.orderId,
        exceptionId: row.id,
        resolution,
        resolvedBy,
      },
    };
    return { row, entry };
  }
}
