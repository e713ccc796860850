import { REGIONS, SCARCE_SKU, SKUS, type RegionSeed } from '../world/enterprise';
import type { SeededRandom } from './random';

/** How often each kind of trouble happens, as probabilities per order (0..1). */
export interface TroubleRates {
  shortage: number;
  /** The first carrier rejects; the re-tender goes to the next. */
  carrierRejection: number;
  /** Every carrier rejects; an operator assigns one. */
  noCarrier: number;
  customsHold: number;
  deliveryFailure: number;
  /** The ERP cancels before loading (compensation). */
  cancellation: number;
  /** The ERP tries to cancel after loading and must be refused. */
  lateCancellation: number;
}

export const NO_TROUBLE: TroubleRates = {
  shortage: 0,
  carrierRejection: 0,
  noCarrier: 0,
  customsHold: 0,
  deliveryFailure: 0,
  cancellation: 0,
  lateCancellation: 0,
};

export const DEFAULT_RATES: TroubleRates = {
  shortage: 0.05,
  carrierRejection: 0.1,
  noCarrier: 0.02,
  customsHold: 0.05,
  deliveryFailure: 0.03,
  cancellation: 0.03,
  lateCancellation: 0.02,
};

export type CarrierBehaviour = 'accept' | 'reject-first' | 'reject-all';

export interface PlannedLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** Everything the simulator decides about one order before it exists. */
export interface OrderPlan {
  seq: number;
  region: RegionSeed;
  customerIndex: number;
  lines: PlannedLine[];
  shipTo: { name: string; street: string; city: string; postalCode: string; country: string };
  priority: 'STANDARD' | 'EXPRESS';
  channel: 'WEB' | 'EDI' | 'SALES';
  shortage: boolean;
  carrier: CarrierBehaviour;
  customsHold: boolean;
  deliveryFailure: boolean;
  cancel: boolean;
  lateCancel: boolean;
  /** Carrier milestones through carrier.events.v1 rather than the signed webhook. */
  milestonesViaTopic: boolean;
}

/**
 * Draws one order's plan. Exclusive troubles are drawn in a fixed order so a seed gives the same
 * plans whatever the rates of the others: a cancelled order has no carrier or delivery trouble.
 */
export function planOrder(seq: number, rates: TroubleRates, random: SeededRandom): OrderPlan {
  const region = random.pick(REGIONS);
  const place = random.pick(region.cities);
  const lineCount = random.int(1, 3);
  const lines: PlannedLine[] = random.sample(SKUS, lineCount).map((sku) => ({
    sku: sku.sku,
    quantity: random.int(1, 5),
    unitPrice: sku.unitPrice,
  }));
  const shortage = random.chance(rates.shortage);
  if (shortage)
    lines.push({
      sku: SCARCE_SKU.sku,
      quantity: random.int(1, 3),
      unitPrice: SCARCE_SKU.unitPrice,
    });
  const cancel = random.chance(rates.cancellation);
  const noCarrier = random.chance(rates.noCarrier);
  const rejection = random.chance(rates.carrierRejection);
  const customsHold = random.chance(rates.customsHold);
  const deliveryFailure = random.chance(rates.deliveryFailure);
  const lateCancel = random.chance(rates.lateCancellation);
  const viaTopic = random.chance(0.5);
  return {
    seq,
    region,
    customerIndex: random.int(0, 4),
    lines,
    shipTo: {
      name: `Customer site ${seq}`,
      street: `${random.int(1, 200)} Market Street`,
      city: place.city,
      postalCode: place.postalCode,
      country: place.country,
    },
    priority: random.chance(0.2) ? 'EXPRESS' : 'STANDARD',
    channel: random.pick(['WEB', 'EDI', 'SALES'] as const),
    shortage,
    carrier: cancel ? 'accept' : noCarrier ? 'reject-all' : rejection ? 'reject-first' : 'accept',
    customsHold: !cancel && customsHold,
    deliveryFailure: !cancel && deliveryFailure,
    cancel,
    lateCancel: !cancel && lateCancel,
    milestonesViaTopic: viaTopic,
  };
}

/** The order's value in minor units, as the ERP prices it. */
export function orderValue(plan: OrderPlan): number {
  return plan.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
}
