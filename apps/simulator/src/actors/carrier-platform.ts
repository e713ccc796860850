import { randomUUID } from 'node:crypto';
import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { CARRIERS } from '../world/enterprise';
import type { CarrierMilestoneInput, SimulationContext } from '../run/simulation-context';
import { sleep } from '../run/work-queue';

const HOUR = 3_600_000;
const secretOf = (carrierId: string) =>
  CARRIERS.find((c) => c.id === carrierId)?.webhookSecret ?? '';

/**
 * The carriers: they answer tenders by signed webhook and report the shipment's milestones,
 * half of the orders by webhook and half by publishing on carrier.events.v1 as a carrier
 * platform would.
 */
export class CarrierPlatform {
  constructor(private readonly ctx: SimulationContext) {}

  onTendered(e: EventTypeMap['CarrierTendered']): void {
    const plan = this.ctx.plans.get(e.orderId);
    // An order about to be cancelled: its carrier has not answered yet when the ERP cancels.
    if (!plan || plan.cancel) return;
    const reject =
      plan.carrier === 'reject-all' || (plan.carrier === 'reject-first' && e.attempt === 1);
    this.ctx.work.push(`answer tender ${e.tenderId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      const now = Date.now();
      const body = reject
        ? { decision: 'REJECT', reason: 'No capacity on this lane today' }
        : {
            decision: 'ACCEPT',
            pickupWindow: {
              startAt: new Date(now + HOUR).toISOString(),
              endAt: new Date(now + 3 * HOUR).toISOString(),
            },
          };
      try {
        await this.ctx.clients.transport.respondToTender(e.tenderId, secretOf(e.carrierId), body);
        this.ctx.ledger.count(reject ? 'tenders rejected' : 'tenders accepted');
      } catch (error) {
        // A tender withdrawn (order cancelled) or already timed out answers 409: the carrier moves on.
        if (error instanceof ApiError && error.status === 409)
          return this.ctx.ledger.count('tender answers too late');
        throw error;
      }
    });
  }

  /** After loading: departed, in transit, customs, delivery attempts, delivered with proof. */
  onLoaded(e: EventTypeMap['ShipmentLoaded']): void {
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan) return;
    const place = { city: plan.shipTo.city, country: plan.shipTo.country };
    const codes: string[] = ['DEPARTED', 'IN_TRANSIT'];
    if (plan.customsHold) codes.push('CUSTOMS_HOLD', 'CUSTOMS_CLEARED');
    codes.push('OUT_FOR_DELIVERY');
    if (plan.deliveryFailure) codes.push('DELIVERY_FAILED', 'OUT_FOR_DELIVERY');
    codes.push('DELIVERED');
    this.ctx.work.push(`milestones of ${e.trackingNumber}`, async () => {
      for (const code of codes) {
        await sleep(this.ctx.options.actorDelayMs);
        const milestone: CarrierMilestoneInput = {
          carrierId: e.carrierId,
          trackingNumber: e.trackingNumber,
          orderId: e.orderId,
          carrierEventId: randomUUID(),
          code,
          classifier: 'ACTUAL',
          occurredAt: new Date(),
          ...place,
          ...(code === 'DELIVERED'
            ? {
                proofOfDelivery: {
                  signedBy: plan.shipTo.name,
                  receivedBy: plan.shipTo.name,
                  podReference: `POD-${e.trackingNumber}`,
                },
              }
            : {}),
        };
        // Transport gave the tracking number when it accepted the tender, before the warehouse
        // could load: a shipment that ShipmentLoaded names is known to it. A milestone ahead
        // of transport's own ShipmentLoaded waits in the shipment until loading applies it.
        if (plan.milestonesViaTopic) {
          await this.ctx.publishCarrierMilestone(milestone);
        } else {
          await this.ctx.clients.transport.reportMilestone(
            e.trackingNumber,
            secretOf(e.carrierId),
            webhookBody(milestone),
          );
        }
        this.ctx.ledger.count(`carrier ${code}`);
      }
    });
  }
}

export function webhookBody(m: CarrierMilestoneInput) {
  return {
    carrierEventId: m.carrierEventId,
    code: m.code,
    classifier: m.classifier,
    occurredAt: m.occurredAt.toISOString(),
    location: `${m.city} depot, ${m.country}`,
    ...(m.proofOfDelivery ? { proofOfDelivery: m.proofOfDelivery } : {}),
  };
}
