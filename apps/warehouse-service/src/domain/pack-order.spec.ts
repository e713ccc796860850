import { startFloorWork } from './floor-work';
import { packOrder } from './pack-order';
import { pickOrder } from './pick-order';
import { allocation, fullPackages, pack, pickedWork } from './warehouse.fixtures';

describe('packOrder', () => {
  it('accepts packages that hold exactly what was picked', () => {
    const packed = packOrder(pickedWork(), fullPackages);
    expect(packed).toMatchObject({ status: 'PACKED', packages: fullPackages });
  });

  it('accepts one SKU split over several packages', () => {
    const split = [
      pack('P-1', [{ sku: 'SKU-A', quantity: 1 }]),
      pack('P-2', [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 2 },
      ]),
    ];
    expect(packOrder(pickedWork(), split).status).toBe('PACKED');
  });

  it.each([
    [
      'a missing unit',
      [pack('P-1', [{ sku: 'SKU-A', quantity: 3 }]), pack('P-2', [{ sku: 'SKU-B', quantity: 1 }])],
    ],
    ['an extra unit', [...fullPackages, pack('P-3', [{ sku: 'SKU-A', quantity: 1 }])]],
    ['a SKU never picked', [...fullPackages, pack('P-3', [{ sku: 'SKU-Z', quantity: 1 }])]],
  ])('refuses %s', (_case, packages) => {
    expect(() => packOrder(pickedWork(), packages)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.PACKING_MISMATCH' }),
    );
  });

  it('after a short pick packs only what was picked', () => {
    const short = pickOrder(startFloorWork(allocation), [{ sku: 'SKU-A', quantityPicked: 1 }]).work;
    expect(packOrder(short, [pack('P-1', [{ sku: 'SKU-A', quantity: 1 }])]).status).toBe('PACKED');
  });

  it('refuses a package id used twice', () => {
    const twice = [
      pack('P-1', [{ sku: 'SKU-A', quantity: 3 }]),
      pack('P-1', [{ sku: 'SKU-B', quantity: 2 }]),
    ];
    expect(() => packOrder(pickedWork(), twice)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.DUPLICATE_PACKAGE' }),
    );
  });

  it.each(['weightGrams', 'lengthMm', 'widthMm', 'heightMm'])(
    'refuses a non-positive %s',
    (field) => {
      const bad = [{ ...fullPackages[0]!, [field]: 0 }, fullPackages[1]!];
      expect(() => packOrder(pickedWork(), bad)).toThrow(
        expect.objectContaining({
          code: 'WAREHOUSE.INVALID_DIMENSION',
          details: expect.objectContaining({ field }),
        }),
      );
    },
  );

  it('refuses a package line of zero units', () => {
    const zero = [...fullPackages, pack('P-3', [{ sku: 'SKU-A', quantity: 0 }])];
    expect(() => packOrder(pickedWork(), zero)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.INVALID_QUANTITY' }),
    );
  });
});
