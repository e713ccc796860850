import { Inject, Injectable } from '@nestjs/common';
import type { ShipmentLoadedV1 } from '@logisync/canonical-events';
import { NonRetriableError } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { markLoaded } from '../../domain';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';

/**
 * ShipmentLoaded (goods issue): the shipment is LOADED and the carrier milestones that came
 * first (a DEPARTED scan before the warehouse's event) apply now. Loading a shipment with no
 * accepted carrier can never become right by waiting: it is dead-lettered with the reason.
 */
@Injectable()
export class MarkShipmentLoadedHandler {
  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: EntityManager, event: ShipmentLoadedV1, causationId: string): Promise<void> {
    const row = await this.shipments.findByOrder(tx, event.orderId, true);
    if (!row) {
      throw new NonRetriableError(
        `ShipmentLoaded for order ${event.orderId}, which has no shipment`,
        'TRANSPORT.UNKNOWN_SHIPMENT',
      );
    }
    const transition = markLoaded(row.state, event.meta.occurredAt.getTime());
    await this.changes.save(tx, row, transition, causationId, this.clock.now());
  }
}
