import { Inject, Injectable } from '@nestjs/common';
import type { OrderCancelledV1, OrderReleasedV1 } from '@logisync/canonical-events';
import {
  forEventInSet,
  NonRetriableError,
  OutboxWriter,
  type OutboxEntry,
  type SetEvent,
} from '@logisync/event-runtime';
import { CommandRead, CommandWrite } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import {
  inventoryBookOf,
  LookupError,
  WarehouseError,
  type InventoryPosition,
  type Warehouse,
} from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { TypeOrmWarehouseExceptionRepository } from '../../infrastructure/exception.repository';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { stockGate } from '../../infrastructure/stock-gate';
import { uuidKeys } from '../../infrastructure/uuid-key';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { WarehouseExceptions } from '../warehouse-exceptions';
import {
  WarehouseSet,
  type WarehouseInboundEvent,
  type WarehouseInboundType,
  type WarehouseSetRows,
} from './warehouse-set';

export type WarehouseSetEvent = SetEvent<WarehouseInboundEvent>;

/** A business rule that rejects an event rejects it every time: dead-letter, do not retry. */
function rejectingRulesAsPoison<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof WarehouseError || error instanceof LookupError) {
      throw new NonRetriableError(error.message, error.code, { cause: error });
    }
    throw error;
  }
}

const ofType = <T extends WarehouseInboundType>(events: readonly WarehouseSetEvent[], type: T) =>
  events.filter((e) => e.envelope.eventType === type).map((e) => e.event);

/**
 * Applies a transaction's warehouse events as one set: orders released and cancelled,
 * shipments planned, tenders accepted and withdrawn. The consumer's lock hook (lockChunkStock)
 * has taken the stock gate and the set's stock rows before this runs. Then one statement reads
 * every row the set touches (the orders, their stock, their open exceptions, the shipments, the
 * warehouses and unknown SKUs), the events are applied in set order in memory (a rejected one is
 * named, nothing written yet), one statement writes every changed row of every table, and one
 * insert adds every emitted event to the outbox: three statements, whatever the set's size.
 */
@Injectable()
export class ApplyWarehouseEventsHandler {
  constructor(
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmWarehouseExceptionRepository)
    private readonly exceptionRows: TypeOrmWarehouseExceptionRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, events: readonly WarehouseSetEvent[]): Promise<void> {
    if (events.length === 0) return;
    const set = new WarehouseSet(await this.read(tx, events), this.exceptions);
    const entries: OutboxEntry[] = [];
    for (const { event, envelope } of events) {
      const emitted = await forEventInSet(envelope.eventId, () =>
        rejectingRulesAsPoison(() =>
          set.apply(envelope.eventType as WarehouseInboundType, event, envelope.eventId),
        ),
      );
      // No trace span wraps a set: each event's outbox rows continue the trace of its cause.
      for (const entry of emitted) entries.push({ ...entry, traceparent: envelope.traceparent });
    }
    await this.write(tx, set);
    await this.outbox.addAll(tx, entries);
  }

  /**
   * The set's one read. The orders part takes the stock gate (shared) before its row locks, so
   * the handler holds what it needs even without the lock hook; with it, both are held already.
   */
  private async read(
    tx: EntityManager,
    events: readonly WarehouseSetEvent[],
  ): Promise<WarehouseSetRows> {
    const released = ofType(events, 'OrderReleased') as OrderReleasedV1[];
    // An order id that is no uuid matches no row; its event fails when it is applied.
    const cancelledIds = uuidKeys(
      (ofType(events, 'OrderCancelled') as OrderCancelledV1[]).map((e) => e.orderId),
    );
    const orderIds = uuidKeys([...released.map((e) => e.orderId), ...cancelledIds]);
    const skus = [...new Set(released.flatMap((e) => e.lines.map((l) => l.sku)))];
    const shipmentIds = [
      ...new Set(
        events
          .filter((e) => !['OrderReleased', 'OrderCancelled'].includes(e.envelope.eventType))
          .map((e) => (e.event as { shipmentId: string }).shipmentId),
      ),
    ];
    const read = new CommandRead();
    if (orderIds.length > 0) {
      read
        .add('orders', (p) =>
          this.orders.lockedDocumentsSql(p, orderIds, stockGate.sharedCondition),
        )
        .add('stock', (p) => this.inventory.lockedPositionsSql(p, skus, cancelledIds))
        .add('openExceptions', (p) => this.exceptionRows.openOfSql(p, cancelledIds));
    }
    if (released.length > 0) {
      read
        .add('warehouses', () => this.catalogue.warehousesSql())
        .add('unknownSkus', (p) => this.catalogue.unknownSkusSql(p, skus));
    }
    if (shipmentIds.length > 0) {
      read.add('shipments', (p) => this.shipments.lockedDocumentsSql(p, shipmentIds));
    }
    const found = await read.run<{
      orders?: unknown[];
      stock?: InventoryPosition[];
      openExceptions?: unknown[];
      warehouses?: Warehouse[];
      unknownSkus?: string[];
      shipments?: unknown[];
    }>(tx);
    return {
      orders: (found.orders ?? []).map((d) => this.orders.restore(d)!.order),
      stock: inventoryBookOf(found.stock ?? []),
      warehouses: found.warehouses ?? [],
      unknownSkus: new Set(found.unknownSkus ?? []),
      openExceptions: this.exceptionRows.restoreAll(found.openExceptions ?? []),
      shipments: (found.shipments ?? []).map((d) => this.shipments.restore(d)!.shipment),
    };
  }

  /** Every changed row of every table in one statement; nothing when the set changed nothing. */
  private async write(tx: EntityManager, set: WarehouseSet): Promise<void> {
    const changes = set.changes();
    const write = new CommandWrite();
    write.with(this.inventory.upsertSql(write.params, changes.stockRead, changes.stock));
    if (changes.orders.length > 0) write.with(this.orders.upsertSql(write.params, changes.orders));
    if (changes.exceptions.length > 0) {
      write.with(this.exceptionRows.upsertSql(write.params, changes.exceptions));
    }
    if (changes.shipments.length > 0) {
      write.with(this.shipments.upsertSql(write.params, changes.shipments));
    }
    if (write.params.length > 0) await write.run(tx, 'true');
  }
}
