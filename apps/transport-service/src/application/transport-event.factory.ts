import {
  createEventMeta,
  type Address,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import {
  acceptedTenderOf,
  type RecordedMilestone,
  type Shipment,
  type TransportEvent,
} from '../domain';
import type { PublishedMilestone } from '../infrastructure/shipment.entities';
import {
  failureOf,
  milestoneEventType,
  originOf,
  statusOfEventType,
  toLocation,
} from './transport-event.fields';

export { fromLocation, toLocation } from './transport-event.fields';

const producer = 'transport-service';
/** How long an operator has to find a carrier, or to chase customs. */
const exceptionSlaMs = 4 * 60 * 60 * 1000;
/** The key under which the open customs exception is remembered beside published events. */
export const customsExceptionKey = 'exception:CUSTOMS_HOLD';

/** What the events need beside the domain shipment. */
export interface ShipmentContext {
  region: string;
  tenant: string;
  warehouseId: string;
  mode: string;
  packageCount: number;
  destination: Address;
  /** Carrier report id -> the event published for it; updated as events are mapped. */
  published: Record<string, PublishedMilestone>;
}

type Entry = OutboxEntry;

/**
 * Turns what the domain reported into versioned Avro events for the outbox. causationId links
 * to the consumed event that caused them (null for a REST call or the sweeper).
 */
export function toOutboxEntries(
  shipment: Shipment,
  ctx: ShipmentContext,
  events: readonly TransportEvent[],
  causationId: string | null,
  now: number,
): Entry[] {
  const meta = (eventType: EventType, occurredAt: number, retractsEventId?: string | null) =>
    createEventMeta({
      eventType,
      producer,
      correlationId: shipment.orderId,
      causationId,
      tenant: ctx.tenant,
      region: ctx.region,
      occurredAt: new Date(occurredAt),
      retractsEventId,
      now: new Date(Math.max(now, occurredAt)),
    });
  const factory = new EventMapper(shipment, ctx, meta, now);
  return events.flatMap((e) => factory.map(e));
}

type MetaOf = (
  eventType: EventType,
  occurredAt: number,
  retractsEventId?: string | null,
) => ReturnType<typeof createEventMeta>;

function entry<T extends EventType>(eventType: T, event: EventTypeMap[T]): Entry {
  return { eventType, event } as Entry;
}

class EventMapper {
  constructor(
    private readonly s: Shipment,
    private readonly ctx: ShipmentContext,
    private readonly meta: MetaOf,
    private readonly now: number,
  ) {}

  map(e: TransportEvent): Entry[] {
    const orderId = this.s.orderId;
    switch (e.type) {
      case 'ShipmentPlanned':
        return [
          entry('ShipmentPlanned', {
            meta: this.meta('ShipmentPlanned', e.at),
            orderId,
            shipmentId: e.shipmentId,
            mode: this.ctx.mode as EventTypeMap['ShipmentPlanned']['mode'],
            originWarehouseId: this.ctx.warehouseId,
            origin: originOf(this.ctx.warehouseId),
            destination: this.ctx.destination,
            totalWeightGrams: e.route.totalWeightGrams,
            packageCount: this.ctx.packageCount,
          }),
        ];
      case 'CarrierTendered':
        return [
          entry('CarrierTendered', {
            meta: this.meta('CarrierTendered', this.now),
            orderId,
            tenderId: e.tenderId,
            shipmentId: e.shipmentId,
            carrierId: e.carrierId,
            attempt: e.attempt,
            expiresAt: new Date(e.expiresAt),
            quotedFreightMinor: e.quote.amountMinor,
            currency: e.quote.currency,
          }),
        ];
      case 'TenderAccepted':
        return [
          entry('TenderAccepted', {
            meta: this.meta('TenderAccepted', this.now),
            orderId,
            tenderId: e.tenderId,
            shipmentId: e.shipmentId,
            carrierId: e.carrierId,
            trackingNumber: e.trackingNumber,
            pickupWindow: {
              startAt: new Date(e.pickupWindow.startAt),
              endAt: new Date(e.pickupWindow.endAt),
            },
          }),
        ];
      case 'TenderRejected':
        return [
          entry('TenderRejected', {
            meta: this.meta('TenderRejected', this.now),
            orderId,
            tenderId: e.tenderId,
            shipmentId: e.shipmentId,
            carrierId: e.carrierId,
            reason: e.reason,
            detail: e.reason === 'EXPIRED' ? 'no answer before the tender timeout' : e.detail,
            attempt: e.attempt,
          }),
        ];
      case 'TenderWithdrawn':
        return [
          entry('TenderWithdrawn', {
            meta: this.meta('TenderWithdrawn', this.now),
            orderId,
            tenderId: e.tenderId,
            shipmentId: e.shipmentId,
            carrierId: e.carrierId,
            reason: e.reason,
          }),
        ];
      case 'ExceptionRaised':
        return [
          this.exceptionRaised(
            e.exception.exceptionId,
            'TENDER_ALL_REJECTED',
            e.exception.details,
            e.exception.raisedAt,
          ),
        ];
      case 'ExceptionResolved':
        return [this.exceptionResolved(e.exceptionId, e.resolution)];
      case 'ShipmentStatusAdvanced':
        return e.milestone ? this.milestoneEvent(e.milestone, e.to) : [];
      case 'ShipmentStatusCorrected':
        return this.retraction(e.retractedEventId);
      case 'CustomsHoldRaised':
        return this.customsHold(e.milestone);
      case 'CustomsCleared':
        return this.customsCleared(e.milestone);
      case 'FreightCostConfirmed':
        return [
          entry('FreightCostConfirmed', {
            meta: this.meta('FreightCostConfirmed', this.now),
            orderId,
            shipmentId: e.shipmentId,
            carrierId: e.carrierId,
            amountMinor: e.freight.amountMinor,
            currency: e.freight.currency,
          }),
        ];
      case 'ExpectedTimeUpdated':
        // Kept in the shipment (GET shows the ETA); consumers move only on ACTUAL milestones.
        return [];
    }
  }

  private milestoneEvent(m: RecordedMilestone, status: string, retractsEventId?: string): Entry[] {
    const eventType = milestoneEventType(status);
    if (!eventType) return [];
    const fields = this.milestoneFields(m, eventType, retractsEventId);
    if (!retractsEventId) {
      this.ctx.published[m.carrierEventId] = { eventType, eventId: fields.meta.eventId };
    }
    switch (eventType) {
      case 'ShipmentDelivered': {
        const pod = retractsEventId ? null : m.proofOfDelivery;
        return [
          entry('ShipmentDelivered', {
            ...fields,
            proofOfDelivery: pod
              ? {
                  receivedBy: pod.receivedBy ?? null,
                  podReference: pod.podReference ?? null,
                  signedBy: pod.signedBy ?? null,
                  photoUrl: pod.photoUrl ?? null,
                  geo: null,
                }
              : null,
          }),
        ];
      }
      case 'DeliveryFailed':
        return [
          entry('DeliveryFailed', {
            ...fields,
            ...failureOf(m.detail),
            nextAttemptAt: null,
          }),
        ];
      default:
        return [entry(eventType, fields)];
    }
  }

  /** The event published for the retracted report again, naming it in meta.retractsEventId. */
  private retraction(retractedCarrierEventId: string): Entry[] {
    const published = this.ctx.published[retractedCarrierEventId];
    const retracted = this.s.milestones.find((m) => m.carrierEventId === retractedCarrierEventId);
    if (!published || !retracted) return [];
    const status = statusOfEventType(published.eventType);
    return status ? this.milestoneEvent(retracted, status, published.eventId) : [];
  }

  private customsHold(m: RecordedMilestone): Entry[] {
    const exceptionId = `${this.s.shipmentId}:CUSTOMS_HOLD:${m.carrierEventId}`;
    const hold = entry('CustomsHoldRaised', {
      ...this.milestoneFields(m, 'CustomsHoldRaised'),
      customsReference: null,
      holdReason: m.detail ?? null,
    });
    this.ctx.published[customsExceptionKey] = {
      eventType: 'ExceptionRaised',
      eventId: exceptionId,
    };
    const details = `customs hold reported by the carrier (${m.carrierEventId})`;
    return [hold, this.exceptionRaised(exceptionId, 'CUSTOMS_HOLD', details, m.milestoneAt)];
  }

  private customsCleared(m: RecordedMilestone): Entry[] {
    const cleared = entry('CustomsCleared', {
      ...this.milestoneFields(m, 'CustomsCleared'),
      customsReference: null,
    });
    const open = this.ctx.published[customsExceptionKey];
    if (!open) return [cleared];
    delete this.ctx.published[customsExceptionKey];
    return [cleared, this.exceptionResolved(open.eventId, 'CUSTOMS_CLEARED')];
  }

  private milestoneFields(m: RecordedMilestone, eventType: EventType, retractsEventId?: string) {
    const tender = acceptedTenderOf(this.s);
    return {
      meta: this.meta(eventType, m.milestoneAt, retractsEventId ?? null),
      orderId: this.s.orderId,
      shipmentId: this.s.shipmentId,
      carrierId: tender?.carrierId ?? '',
      trackingNumber: tender?.trackingNumber ?? '',
      carrierEventId: m.carrierEventId,
      classifier: m.classifier,
      milestoneAt: new Date(m.milestoneAt),
      location: toLocation(m.location),
    };
  }

  private exceptionRaised(
    exceptionId: string,
    type: 'TENDER_ALL_REJECTED' | 'CUSTOMS_HOLD',
    details: string,
    raisedAt: number,
  ): Entry {
    return entry('ExceptionRaised', {
      meta: this.meta('ExceptionRaised', raisedAt),
      orderId: this.s.orderId,
      exceptionId,
      type,
      severity: 'HIGH',
      owner: 'transport-ops',
      slaDueAt: new Date(raisedAt + exceptionSlaMs),
      details,
      sourceService: producer,
    });
  }

  private exceptionResolved(exceptionId: string, resolution: string): Entry {
    return entry('ExceptionResolved', {
      meta: this.meta('ExceptionResolved', this.now),
      orderId: this.s.orderId,
      exceptionId,
      resolution,
      resolvedBy: producer,
    });
  }
}
