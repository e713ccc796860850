import { createEventMeta, sampleEvent } from '@logisync/canonical-events';
import type { EventEnvelope } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import { openTenderOf, type Lane, type Shipment } from '../../domain';
import { answerOpenTender } from '../../domain/transport.fixtures';
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

type Consumed = { event: ConsumedTransportEvent; envelope: EventEnvelope };

/** An order's release and packing, each with a fixed event id, as the log holds them. */
function inputFor(orderId: string): Consumed[] {
  const consumed = (eventType: 'OrderReleased' | 'OrderPacked', fields: object): Consumed => {
    const meta = createEventMeta({
      eventType,
      producer: eventType === 'OrderReleased' ? 'order-service' : 'warehouse-service',
      correlationId: orderId,
      tenant: 'acme',
      region: 'eu-west',
    });
    const event = sampleEvent(eventType, { ...fields, orderId, meta } as never);
    const envelope: EventEnvelope = {
      eventType,
      eventId: meta.eventId,
      correlationId: orderId,
      key: orderId,
      topic: 'test',
      partition: 0,
      offset: '0',
      headers: {},
    };
    return { event: event as ConsumedTransportEvent, envelope };
  };
  const shipTo = {
    name: 'Ada',
    street: 'Main 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'de',
  };
  const pkg = { packageId: 'P-1', weightGrams: 15_000, lengthMm: 400, widthMm: 300, heightMm: 200 };
  return [
    consumed('OrderReleased', { region: 'eu-west', shipTo }),
    consumed('OrderPacked', { warehouseId: 'wh-1', packages: [{ ...pkg, lines: [] }] }),
  ];
}

/** The input applied to a fresh set (as after a restore to an empty database). */
function plannedFrom(input: Consumed[]): { shipment: Shipment; wire: string[] } {
  const lanes = new Map([[routeKey('eu-west', 'DE'), [lane('tango', 100), lane('sierra', 100)]]]);
  const set = new TransportWorkingSet([], [], lanes);
  const context = { set, now: () => now, cancelledAfterLoading: () => undefined };
  for (const { event, envelope } of input) applyConsumedEvent(context, event, envelope);
  const [written] = set.shipmentsToWrite();
  const wire = set.outbox.flatMap((e) => {
    const fields = e.event as unknown as { shipmentId?: string; tenderId?: string };
    return [fields.shipmentId, fields.tenderId].filter((id): id is string => !!id);
  });
  return { shipment: written.row.state, wire };
}

/** A rejection, then the timeout sweep, then NO_CARRIER: the ids of every attempt and hold. */
function attemptsOf(shipment: Shipment) {
  let current = shipment;
  const steps: ('REJECT' | 'EXPIRE')[] = ['REJECT', 'EXPIRE'];
  for (const how of steps) {
    if (!openTenderOf(current)) break;
    current = answerOpenTender(current, how).shipment;
  }
  return {
    tenderIds: current.tenders.map((t) => t.tenderId),
    exceptionId: current.openException?.exceptionId ?? null,
  };
}

describe('transport identities derived from their cause', () => {
  it('the same release and packing applied twice against fresh state give the same ids', () => {
    const input = inputFor(randomUUID());
    const first = plannedFrom(input);
    const replay = plannedFrom(input);
    expect(replay.shipment.shipmentId).toBe(first.shipment.shipmentId);
    expect(replay.wire).toEqual(first.wire);
    expect(replay.shipment.tenders.map((t) => t.tenderId)).toEqual(
      first.shipment.tenders.map((t) => t.tenderId),
    );
    // The re-tender after a rejection, the one after the timeout and the NO_CARRIER hold.
    const attempts = attemptsOf(first.shipment);
    expect(attemptsOf(replay.shipment)).toEqual(attempts);
    expect(attempts.tenderIds).toHaveLength(2);
    expect(attempts.exceptionId).not.toBeNull();
  });

  it('every tender attempt, and every order, gets its own id', () => {
    const one = plannedFrom(inputFor(randomUUID())).shipment;
    const two = plannedFrom(inputFor(randomUUID())).shipment;
    expect(two.shipmentId).not.toBe(one.shipmentId);
    const a = attemptsOf(one);
    const b = attemptsOf(two);
    const all = [...a.tenderIds, a.exceptionId, ...b.tenderIds, b.exceptionId];
    expect(new Set(all).size).toBe(all.length);
    expect(a.tenderIds).toEqual([`${one.shipmentId}:tender:1`, `${one.shipmentId}:tender:2`]);
  });
});
