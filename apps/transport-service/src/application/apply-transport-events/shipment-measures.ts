import type { Package } from '@logisync/canonical-events';

/** Gross weight in grams and outer volume in whole cubic centimetres (rounded up) of the packages. */
export function totalsOf(packages: readonly Package[]): { weightGrams: number; volumeCm3: number } {
  let weightGrams = 0;
  let volumeMm3 = 0;
  for (const p of packages) {
    weightGrams += p.weightGrams;
    volumeMm3 += p.lengthMm * p.widthMm * p.heightMm;
  }
  return { weightGrams, volumeCm3: Math.ceil(volumeMm3 / 1000) };
}

/** Parcel networks take up to 31.5 kg a shipment; up to 10 t goes less-than-truckload. */
export function modeFor(weightGrams: number): 'PARCEL' | 'LTL' | 'FTL' {
  if (weightGrams <= 31_500) return 'PARCEL';
  return weightGrams <= 10_000_000 ? 'LTL' : 'FTL';
}
