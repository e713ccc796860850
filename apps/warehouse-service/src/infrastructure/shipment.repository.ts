import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../domain';
import { ShipmentEntity } from './warehouse-order.entities';

/** Shipments as transport announced them: planned, tender accepted, withdrawn, loaded. */
@Injectable()
export class TypeOrmShipmentRepository {
  find(tx: EntityManager, shipmentId: string, lock = false): Promise<ShipmentEntity | null> {
    return tx.findOne(ShipmentEntity, {
      where: { shipmentId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async getForUpdate(tx: EntityManager, shipmentId: string): Promise<ShipmentEntity> {
    const row = await this.find(tx, shipmentId, true);
    if (!row) throw new NotFoundError('SHIPMENT', shipmentId);
    return row;
  }

  async save(tx: EntityManager, shipment: ShipmentEntity): Promise<void> {
    await tx.save(ShipmentEntity, { ...shipment, updatedAt: new Date() });
  }
}
