import { Inject, Injectable } from '@nestjs/common';
import type { OrderPackedV1, Package } from '@logisync/canonical-events';
import { OutboxWriter, PrerequisiteMissingError } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { planShipment, selectTenderSequence, startTendering } from '../../domain';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import type { ShipmentEntity } from '../../infrastructure/shipment.entities';
import {
  TypeOrmOrderDestinationRepository,
  TypeOrmShipmentRepository,
} from '../../infrastructure/shipment.repository';
import { CLOCK, type Clock } from '../clock';
import { toOutboxEntries } from '../transport-event.factory';
import { shipmentIdFor } from './shipment-id';
import { modeFor, totalsOf } from './shipment-measures';

/**
 * OrderPacked: plan the shipment from the packages and the order's destination, then tender to
 * the first carrier of the lane (ShipmentPlanned, CarrierTendered), or hold it when no lane
 * serves the route. OrderPacked before OrderReleased is parked until the release arrives.
 */
@Injectable()
export class PlanShipmentHandler {
  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmOrderDestinationRepository)
    private readonly destinations: TypeOrmOrderDestinationRepository,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: EntityManager, event: OrderPacked, causationId: string): Promise<void> {
    const destination = await this.destinations.find(tx, event.orderId, true);
    if (!destination) throw new PrerequisiteMissingError('OrderReleased', event.orderId);
    if (destination.cancelledAt) return;
    if (await this.shipments.findByOrder(tx, event.orderId)) return;
    const now = this.clock.now();
    const totals = totalsOf(event.packages);
    const route = {
      originRegion: destination.region,
      destinationCountry: destination.shipTo.country,
      totalWeightGrams: totals.weightGrams,
    };
    const lanes = await this.carriers.lanesFor(tx, route.originRegion, route.destinationCountry);
    const shipmentId = shipmentIdFor(event.orderId);
    const tenderSequence = selectTenderSequence(lanes, route);
    const planned = planShipment(
      { shipmentId, orderId: event.orderId, route, tenderSequence },
      now,
    );
    const tendered = startTendering(planned.shipment, now);
    const row: ShipmentEntity = {
      id: shipmentId,
      orderId: event.orderId,
      warehouseId: event.warehouseId,
      mode: modeFor(totals.weightGrams),
      totalVolumeCm3: totals.volumeCm3,
      packageCount: event.packages.length,
      destination: destination.shipTo,
      region: destination.region,
      tenant: destination.tenant,
      state: tendered.shipment,
      published: {},
      reportsByEventId: {},
      status: tendered.shipment.status,
      trackingNumber: null,
      openTenderExpiresAt: null,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      version: 1,
    };
    const events = [...planned.events, ...tendered.events];
    const entries = toOutboxEntries(tendered.shipment, row, events, causationId, now);
    await this.shipments.insert(tx, row);
    await this.outbox.addAll(tx, entries);
  }
}

type OrderPacked = Pick<OrderPackedV1, 'orderId' | 'warehouseId'> & { packages: Package[] };
