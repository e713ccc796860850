import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderCancelledV1 } from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';
import { isTransportError, withdrawShipment } from '../../domain';
import {
  TypeOrmOrderDestinationRepository,
  TypeOrmShipmentRepository,
} from '../../infrastructure/shipment.repository';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';

/**
 * OrderCancelled, the compensation: the open or accepted tender is withdrawn (TenderWithdrawn)
 * and the shipment CANCELLED. A cancellation before packing only marks the order, so a later
 * OrderPacked plans nothing. After loading the goods are gone: it is logged and changes nothing.
 */
@Injectable()
export class WithdrawShipmentHandler {
  private readonly logger = new Logger(WithdrawShipmentHandler.name);

  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmOrderDestinationRepository)
    private readonly destinations: TypeOrmOrderDestinationRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: EntityManager, event: OrderCancelledV1, causationId: string): Promise<void> {
    const now = this.clock.now();
    await this.destinations.markCancelled(tx, event.orderId, event.reason, new Date(now));
    const row = await this.shipments.findByOrder(tx, event.orderId, true);
    if (!row) return;
    try {
      const transition = withdrawShipment(row.state, 'ORDER_CANCELLED', now);
      await this.changes.save(tx, row, transition, causationId, now);
    } catch (error) {
      if (!isTransportError(error, 'TRANSPORT.ALREADY_LOADED')) throw error;
      this.logger.warn(`order ${event.orderId} cancelled after loading: ${error.message}`);
    }
  }
}
