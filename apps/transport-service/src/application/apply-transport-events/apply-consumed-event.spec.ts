import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import { PrerequisiteMissingError, type EventEnvelope } from '@logisync/event-runtime';
import type { Lane } from '../../domain';
import type { OrderDestinationEntity } from '../../infrastructure/shipment.entities';
import { applyConsumedEvent, type ConsumedTransportEvent } from './apply-consumed-event';
import { routeKey, TransportWorkingSet } from './transport-working-set';

const now = Date.UTC(2026, 10, 26, 8);
const lane = (carrierId: string, ratePerKgMinor: number): Lane => ({
  originRegion: 'eu-west',
  destinationCountry: 'DE',
  carrierId,
  priority: 1,
  ratePerKgMinor,
  currency: 'EUR',
  transitDays: 2,
  tenderTimeoutSeconds: 3600,
});

function consumed<T extends EventType>(eventType: T, fields: Partial<EventTypeMap[T]>) {
  const meta = createEventMeta({
    eventType,
    producer: 'order-service',
    correlationId: 'o-1',
    tenant: 'acme',
    region: 'eu-west',
  });
  const event = sampleEvent(eventType, { ...fields, meta } as never) as ConsumedTransportEvent;
  const envelope: EventEnvelope = {
    eventType,
    eventId: meta.eventId,
    correlationId: meta.correlationId,
    key: 'o-1',
    topic: 'test',
    partition: 0,
    offset: '0',
    headers: {},
    traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
  };
  return { event, envelope };
}

const released = () =>
  consumed('OrderReleased', {
    orderId: 'o-1',
    region: 'eu-west',
    shipTo: { name: 'Ada', street: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'de' },
  });
const packed = () =>
  consumed('OrderPacked', {
    orderId: 'o-1',
    warehouseId: 'wh-1',
    packages: [
      {
        packageId: 'P-1',
        weightGrams: 15_000,
        lengthMm: 400,
        widthMm: 300,
        heightMm: 200,
        lines: [],
      },
    ],
  });
const cancelled = () => consumed('OrderCancelled', { orderId: 'o-1', reason: 'customer' });

/** Applies the events in order to a set loaded with `destinations` and the DE lanes. */
function applied(
  events: ReturnType<typeof consumed>[],
  destinations: OrderDestinationEntity[] = [],
) {
  const lanes = new Map([[routeKey('eu-west', 'DE'), [lane('tango', 100), lane('sierra', 100)]]]);
  const set = new TransportWorkingSet(destinations, [], lanes);
  const warnings: string[] = [];
  const context = { set, now: () => now, cancelledAfterLoading: (o: string) => warnings.push(o) };
  for (const { event, envelope } of events) applyConsumedEvent(context, event, envelope);
  return { set, warnings };
}

describe('a consumed set applied in memory', () => {
  it('plans from a release earlier in the same set and tenders to the carrier the lanes rank first', () => {
    const release = released();
    const pack = packed();
    const { set } = applied([release, pack]);
    const [written] = set.shipmentsToWrite();
    expect(written.isNew).toBe(true);
    expect(written.row).toMatchObject({
      orderId: 'o-1',
      status: 'TENDERED',
      version: 1,
      openTenderExpiresAt: new Date(now + 3600_000),
      trackingNumber: null,
    });
    expect(written.row.state.tenders[0]).toMatchObject({
      tenderId: `${written.row.id}:tender:1`,
      carrierId: 'sierra',
    });
    expect(set.outbox.map((e) => e.eventType)).toEqual(['ShipmentPlanned', 'CarrierTendered']);
    expect(set.outbox.every((e) => e.traceparent === pack.envelope.traceparent)).toBe(true);
    expect(set.outbox[1].event.meta.causationId).toBe(pack.envelope.eventId);
    expect(set.destinationsToWrite()).toEqual([
      expect.objectContaining({ orderId: 'o-1', releasedEventId: release.envelope.eventId }),
    ]);
  });

  it('plans the same shipment, carrier and tender from the same input', () => {
    const first = applied([released(), packed()]).set.shipmentsToWrite()[0].row;
    const again = applied([released(), packed()]).set.shipmentsToWrite()[0].row;
    expect(again.id).toBe(first.id);
    expect(again.state).toEqual(first.state);
  });

  it('parks a packed order whose release has not been applied', () => {
    expect(() => applied([packed(), released()])).toThrow(PrerequisiteMissingError);
  });

  it('withdraws a shipment planned earlier in the same set: one row, a version per change', () => {
    const { set } = applied([released(), packed(), cancelled()]);
    const [written] = set.shipmentsToWrite();
    expect(written).toMatchObject({ isNew: true, row: { status: 'CANCELLED', version: 2 } });
    expect(written.row.openTenderExpiresAt).toBeNull();
    expect(set.outbox.map((e) => e.eventType)).toEqual([
      'ShipmentPlanned',
      'CarrierTendered',
      'TenderWithdrawn',
    ]);
    expect(set.destinationsToWrite()[0]).toMatchObject({ cancelReason: 'customer' });
  });

  it('marks a cancelled order so that its packing later plans nothing', () => {
    const { set } = applied([released(), cancelled(), packed(), cancelled()]);
    expect(set.shipmentsToWrite()).toEqual([]);
    expect(set.outbox).toEqual([]);
    expect(set.destinationsToWrite()).toHaveLength(1);
  });
});
