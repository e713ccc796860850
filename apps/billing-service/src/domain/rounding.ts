/**
 * The one rounding rule of billing: half away from zero ("commercial" rounding, what VAT
 * rules and customers expect on an invoice; for the non-negative amounts of an invoice it
 * is plain half up). Banker's rounding (half to even) was rejected: it is unexpected on a
 * tax line and several tax authorities do not accept it.
 *
 * Computed in bigint so that amount x basis points never loses precision beyond 2^53.
 */
export function divideRoundingHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new RangeError('denominator must be positive');
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const rounded = remainder * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

export const BASIS_POINTS_PER_UNIT = 10_000n;

/** `amountMinor` x `basisPoints` / 10 000, rounded half away from zero to a whole minor unit. */
export function applyBasisPoints(amountMinor: number, basisPoints: number): number {
  const exact = BigInt(amountMinor) * BigInt(basisPoints);
  return Number(divideRoundingHalfAwayFromZero(exact, BASIS_POINTS_PER_UNIT));
}
