import { EventCodec, type SchemaRegistryPort } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import {
  assignCarrierManually,
  markLoaded,
  recordMilestone,
  withdrawShipment,
  type Shipment,
  type ShipmentTransition,
} from '../domain';
import {
  acceptedShipment,
  actual,
  answerOpenTender,
  MINUTE,
  onHoldShipment,
  plannedShipment,
  retraction,
  T0,
  tenderedShipment,
} from '../domain/transport.fixtures';
import { startTendering } from '../domain/tender';
import {
  fromLocation,
  toLocation,
  toOutboxEntries,
  type ShipmentContext,
} from './transport-event.factory';

// Validation is local (the newest schema of each type): no registry is asked.
const codec = new EventCodec({} as SchemaRegistryPort);

function context(): ShipmentContext {
  return {
    region: 'eu-west',
    tenant: 'acme',
    warehouseId: 'wh-1',
    mode: 'PARCEL',
    packageCount: 2,
    destination: {
      name: 'Ada',
      street: 'Main 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    published: {},
  };
}

/** Maps a transition and checks every event against its Avro schema. */
function map(t: ShipmentTransition, ctx = context()) {
  const entries = toOutboxEntries(t.shipment, ctx, t.events, 'cause-1', T0 + 500 * MINUTE);
  for (const e of entries) expect(() => codec.validate(e.eventType, e.event)).not.toThrow();
  return entries;
}

const types = (entries: OutboxEntry[]) => entries.map((e) => e.eventType);
const fields = (entry: OutboxEntry) => entry.event as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('domain events as versioned Avro events', () => {
  it('announces the plan and the tender with the quote and the expiry', () => {
    const planned = plannedShipment();
    const entries = map({
      shipment: startTendering(planned, T0).shipment,
      events: [
        {
          type: 'ShipmentPlanned',
          shipmentId: 'shp-1',
          orderId: 'ord-1',
          route: planned.route,
          at: T0,
        },
        ...startTendering(planned, T0).events,
      ],
    });
    expect(types(entries)).toEqual(['ShipmentPlanned', 'CarrierTendered']);
    expect(fields(entries[0])).toMatchObject({
      orderId: 'ord-1',
      originWarehouseId: 'wh-1',
      totalWeightGrams: 12_345,
      packageCount: 2,
      destination: { country: 'DE' },
    });
    expect(fields(entries[1])).toMatchObject({
      carrierId: 'bravo',
      attempt: 1,
      expiresAt: new Date(T0 + 1800_000),
      quotedFreightMinor: 1_235,
      currency: 'EUR',
    });
    expect(fields(entries[1]).meta).toMatchObject({
      causationId: 'cause-1',
      correlationId: 'ord-1',
    });
  });

  it('turns a timeout into TenderRejected EXPIRED and exhaustion into TENDER_ALL_REJECTED', () => {
    const expired = map(answerOpenTender(tenderedShipment(), 'EXPIRE'));
    expect(types(expired)).toEqual(['TenderRejected', 'CarrierTendered']);
    expect(fields(expired[0])).toMatchObject({ reason: 'EXPIRED', attempt: 1, carrierId: 'bravo' });

    let shipment: Shipment = tenderedShipment();
    let last: ShipmentTransition = { shipment, events: [] };
    while (shipment.status === 'TENDERED') {
      last = answerOpenTender(shipment, 'REJECT');
      shipment = last.shipment;
    }
    const exhausted = map(last);
    expect(types(exhausted)).toEqual(['TenderRejected', 'ExceptionRaised']);
    expect(fields(exhausted[1])).toMatchObject({
      type: 'TENDER_ALL_REJECTED',
      severity: 'HIGH',
      owner: 'transport-ops',
      sourceService: 'transport-service',
    });
  });

  it('withdraws on cancellation and resolves the exception on a manual assignment', () => {
    const withdrawn = map(withdrawShipment(tenderedShipment(), 'ORDER_CANCELLED', T0 + MINUTE));
    expect(types(withdrawn)).toEqual(['TenderWithdrawn']);
    expect(fields(withdrawn[0]).reason).toBe('ORDER_CANCELLED');

    const held = onHoldShipment();
    const assigned = map(
      assignCarrierManually(
        held,
        {
          carrierId: 'delta',
          trackingNumber: 'TRK-9',
          pickupWindow: { startAt: T0, endAt: T0 + 60 * MINUTE },
          quote: { amountMinor: 999, currency: 'EUR' },
        },
        T0 + 10 * MINUTE,
      ),
    );
    expect(types(assigned)).toEqual(['TenderAccepted', 'ExceptionResolved']);
    expect(fields(assigned[1]).exceptionId).toBe(held.openException!.exceptionId);
  });

  it('publishes ACTUAL movements, the delivery with its proof and freight, and a retraction naming the event it withdraws', () => {
    const ctx = context();
    let shipment = markLoaded(acceptedShipment(), T0 + 120 * MINUTE).shipment;
    const step = (report: Parameters<typeof recordMilestone>[1]) => {
      const t = recordMilestone(shipment, report, T0 + 400 * MINUTE);
      shipment = t.shipment;
      return map(t, ctx);
    };
    expect(types(step(actual('DEPARTED', 'd-1', 130)))).toEqual(['ShipmentDeparted']);
    expect(step(actual('IN_TRANSIT', 'e-1', 300, { classifier: 'ESTIMATED' }))).toEqual([]);
    const delivered = step(actual('DELIVERED', 'del-1', 200));
    expect(types(delivered)).toEqual(['ShipmentDelivered', 'FreightCostConfirmed']);
    expect(fields(delivered[0])).toMatchObject({
      carrierEventId: 'del-1',
      classifier: 'ACTUAL',
      trackingNumber: 'TRK-1',
      proofOfDelivery: { signedBy: 'J. Doe' },
      location: { unLocode: 'DEHAM', country: 'DE' },
    });
    expect(fields(delivered[1])).toMatchObject({ amountMinor: 1_235, currency: 'EUR' });
    expect(ctx.published['del-1'].eventId).toBe(fields(delivered[0]).meta.eventId);

    const retracted = step(retraction('del-1-r', 'del-1', 201));
    expect(types(retracted)).toEqual(['ShipmentDelivered']);
    expect(fields(retracted[0]).meta.retractsEventId).toBe(fields(delivered[0]).meta.eventId);
    expect(fields(retracted[0]).proofOfDelivery).toBeNull();
    expect(shipment.status).toBe('DEPARTED');
  });

  it('publishes the last mile as ShipmentInTransit and a failed attempt as DeliveryFailed', () => {
    let shipment = markLoaded(acceptedShipment(), T0 + 120 * MINUTE).shipment;
    const step = (report: Parameters<typeof recordMilestone>[1]) => {
      const t = recordMilestone(shipment, report, T0 + 400 * MINUTE);
      shipment = t.shipment;
      return map(t);
    };
    expect(types(step(actual('OUT_FOR_DELIVERY', 'o-1', 150)))).toEqual(['ShipmentInTransit']);
    const failed = step(actual('DELIVERY_FAILED', 'f-1', 160, { detail: 'recipient_absent' }));
    expect(types(failed)).toEqual(['DeliveryFailed']);
    expect(fields(failed[0])).toMatchObject({ carrierEventId: 'f-1', reason: 'RECIPIENT_ABSENT' });
    expect(types(step(actual('OUT_FOR_DELIVERY', 'o-2', 170)))).toEqual(['ShipmentInTransit']);
    const odd = step(actual('DELIVERY_FAILED', 'f-2', 180, { detail: 'dog in the yard' }));
    expect(fields(odd[0])).toMatchObject({ reason: 'OTHER', detail: 'dog in the yard' });
  });

  it('raises a customs exception with the hold and resolves the same one on clearance', () => {
    const ctx = context();
    let shipment = markLoaded(acceptedShipment(), T0 + 120 * MINUTE).shipment;
    const held = recordMilestone(shipment, actual('CUSTOMS_HOLD', 'c-1', 140), T0);
    shipment = held.shipment;
    const raised = map(held, ctx);
    expect(types(raised)).toEqual(['CustomsHoldRaised', 'ExceptionRaised']);
    expect(fields(raised[1]).type).toBe('CUSTOMS_HOLD');
    const cleared = map(recordMilestone(shipment, actual('CUSTOMS_CLEARED', 'c-2', 150), T0), ctx);
    expect(types(cleared)).toEqual(['CustomsCleared', 'ExceptionResolved']);
    expect(fields(cleared[1]).exceptionId).toBe(fields(raised[1]).exceptionId);
  });

  it('maps locations both ways, keeping the most precise part', () => {
    expect(toLocation('NLRTM')).toMatchObject({ name: 'NLRTM', unLocode: 'NLRTM', country: 'NL' });
    expect(toLocation('Hub Nord')).toMatchObject({ name: 'Hub Nord', unLocode: null });
    expect(fromLocation(toLocation('NLRTM'))).toBe('NLRTM');
    expect(fromLocation({ ...toLocation(null), city: 'Lyon' })).toBe('Lyon');
    expect(fromLocation(null)).toBeNull();
  });
});
