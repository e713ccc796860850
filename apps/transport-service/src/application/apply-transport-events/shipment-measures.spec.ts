import { shipmentIdFor } from './shipment-id';
import { modeFor, totalsOf } from './shipment-measures';

const pkg = (weightGrams: number, l: number, w: number, h: number) => ({
  packageId: `P-${weightGrams}`,
  weightGrams,
  lengthMm: l,
  widthMm: w,
  heightMm: h,
  lines: [],
});

describe('shipment measures from the packages', () => {
  it('adds weights and outer volumes, rounding the volume up to whole cm3', () => {
    expect(totalsOf([pkg(12_500, 400, 300, 200), pkg(2_500, 200, 200, 100)])).toEqual({
      weightGrams: 15_000,
      volumeCm3: 28_000,
    });
    expect(totalsOf([pkg(1, 11, 11, 11)]).volumeCm3).toBe(2);
    expect(totalsOf([])).toEqual({ weightGrams: 0, volumeCm3: 0 });
  });

  it('chooses the mode by weight', () => {
    expect(modeFor(31_500)).toBe('PARCEL');
    expect(modeFor(31_501)).toBe('LTL');
    expect(modeFor(10_000_001)).toBe('FTL');
  });
});

describe('shipment ids', () => {
  it('are UUIDs derived from the order, the same on every replay', () => {
    const id = shipmentIdFor('order-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(shipmentIdFor('order-1')).toBe(id);
    expect(shipmentIdFor('order-2')).not.toBe(id);
  });
});
