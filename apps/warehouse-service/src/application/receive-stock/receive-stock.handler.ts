import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import type { StoredResponse } from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { mergeSkuQuantities, positionOf, receiveLines, type SkuQuantity } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { InventoryReceiptEntity } from '../../infrastructure/inventory.entities';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { stockGate } from '../../infrastructure/stock-gate';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { idempotent } from '@logisync/http-kit';
import { BackorderRetry } from '../retry-backorders/backorder-retry';

export interface ReceiveStockCommand {
  warehouseId: string;
  lines: SkuQuantity[];
  reference: string;
}

const scope = 'POST /v1/inventory/receipts';

/** On-hand goes up, then back-ordered orders are retried (priority, then age) in the same tx. */
@Injectable()
export class ReceiveStockHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(BackorderRetry) private readonly backorders: BackorderRetry,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(command: ReceiveStockCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, scope, idempotencyKey, command, async () => {
        await this.catalogue.assertWarehouseKnown(tx, command.warehouseId);
        await this.catalogue.assertSkusKnown(
          tx,
          command.lines.map((l) => l.sku),
        );
        await stockGate.exclusive(tx);
        const lines = mergeSkuQuantities(command.lines);
        const skus = lines.map((l) => l.sku);
        const before = await this.inventory.lockBook(tx, skus, command.warehouseId);
        const after = receiveLines(before, command.warehouseId, lines);
        await this.inventory.saveBook(tx, before, after);
        const receipt: InventoryReceiptEntity = {
          id: randomUUID(),
          warehouseId: command.warehouseId,
          reference: command.reference,
          lines,
          receivedAt: new Date(),
        };
        await tx.insert(InventoryReceiptEntity, receipt);
        const events = await this.backorders.run(tx, null);
        await this.outbox.addAll(tx, events);
        const now = await this.inventory.lockBook(tx, skus, command.warehouseId);
        return {
          status: 201,
          body: {
            ...receipt,
            allocatedBackorders: events
              .filter((e) => e.eventType === 'InventoryAllocated')
              .map((e) => (e.event as { orderId: string }).orderId),
            positions: skus.map((sku) => {
              const p = positionOf(now, command.warehouseId, sku);
              return { ...p, available: p.onHand - p.allocated };
            }),
          },
        };
      }),
    );
  }
}
