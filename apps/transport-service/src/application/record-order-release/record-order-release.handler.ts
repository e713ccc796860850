import { Inject, Injectable } from '@nestjs/common';
import type { OrderReleasedV1 } from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';
import { TypeOrmOrderDestinationRepository } from '../../infrastructure/shipment.repository';

/** Keeps where a released order goes (region, ship-to): OrderPacked plans from it. */
@Injectable()
export class RecordOrderReleaseHandler {
  constructor(
    @Inject(TypeOrmOrderDestinationRepository)
    private readonly destinations: TypeOrmOrderDestinationRepository,
  ) {}

  async execute(tx: EntityManager, event: OrderReleasedV1): Promise<void> {
    await this.destinations.insertOnce(tx, {
      orderId: event.orderId,
      region: event.region,
      tenant: event.meta.tenant,
      shipTo: event.shipTo,
      releasedEventId: event.meta.eventId,
      cancelledAt: null,
      cancelReason: null,
    });
  }
}
