import type { Lane } from './lane';
import { TransportError } from './transport-errors';

/** A freight amount in integer minor units of an ISO 4217 currency. */
export interface FreightQuote {
  readonly amountMinor: number;
  readonly currency: string;
}

const GRAMS_PER_KG = 1000n;

/**
 * The one rounding rule of freight: `ceil(weightKg x ratePerKgMinor)`, to a whole minor unit.
 *
 * The gram-to-kilogram conversion is exact (grams / 1000 as a rational, computed in bigint),
 * so there is nothing to round half up there and no double rounding: rounding the weight to
 * whole kilograms first would quote a 400 g parcel at zero. The single rounding step is the
 * ceiling on the amount, so a quote never falls below the lane's rate for the real weight
 * (a carrier never bills less than weight x rate). Zero weight quotes zero.
 */
export function quoteFreight(totalWeightGrams: number, lane: Lane): FreightQuote {
  assertWeightGrams(totalWeightGrams);
  const exactNumerator = BigInt(totalWeightGrams) * BigInt(lane.ratePerKgMinor);
  const amountMinor = ceilDivide(exactNumerator, GRAMS_PER_KG);
  if (amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TransportError('TRANSPORT.INVALID_WEIGHT', 'freight exceeds a safe integer', {
      totalWeightGrams,
      ratePerKgMinor: lane.ratePerKgMinor,
    });
  }
  return { amountMinor: Number(amountMinor), currency: lane.currency };
}

export function assertWeightGrams(totalWeightGrams: number): void {
  if (!Number.isSafeInteger(totalWeightGrams) || totalWeightGrams < 0) {
    throw new TransportError(
      'TRANSPORT.INVALID_WEIGHT',
      `weight must be a non-negative integer number of grams, got ${totalWeightGrams}`,
      { totalWeightGrams },
    );
  }
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
