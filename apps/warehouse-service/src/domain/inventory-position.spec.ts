import {
  allocateStock,
  availableOf,
  emptyPosition,
  issueStock,
  receiveStock,
  releaseStock,
  violatedInvariants,
} from './inventory-position';
import { isWarehouseError } from './warehouse-errors';

describe('inventory position', () => {
  const received = receiveStock(emptyPosition('WH-1', 'SKU-A'), 10);

  it('starts empty and grows on-hand and received with a receipt', () => {
    expect(received).toMatchObject({ onHand: 10, allocated: 0, received: 10, shipped: 0 });
    expect(availableOf(received)).toBe(10);
  });

  it('allocating lowers available but not on-hand', () => {
    const allocated = allocateStock(received, 4);
    expect(allocated).toMatchObject({ onHand: 10, allocated: 4 });
    expect(availableOf(allocated)).toBe(6);
  });

  it('refuses to allocate more than available', () => {
    const allocated = allocateStock(received, 8);
    expect(() => allocateStock(allocated, 3)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.INSUFFICIENT_STOCK' }),
    );
  });

  it('releasing returns allocated units to available', () => {
    const released = releaseStock(allocateStock(received, 4), 4);
    expect(released).toEqual(received);
  });

  it('goods issue lowers on-hand and allocated and counts the units shipped', () => {
    const issued = issueStock(allocateStock(received, 4), 3);
    expect(issued).toMatchObject({ onHand: 7, allocated: 1, received: 10, shipped: 3 });
    expect(violatedInvariants(issued)).toEqual([]);
  });

  it('refuses to release or issue more than is allocated', () => {
    const allocated = allocateStock(received, 2);
    for (const change of [releaseStock, issueStock]) {
      expect(() => change(allocated, 3)).toThrow(
        expect.objectContaining({ code: 'WAREHOUSE.ALLOCATION_EXCEEDED' }),
      );
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the quantity %p', (quantity) => {
    for (const change of [receiveStock, allocateStock, releaseStock, issueStock]) {
      let caught: unknown;
      try {
        change(received, quantity);
      } catch (error) {
        caught = error;
      }
      expect(isWarehouseError(caught, 'WAREHOUSE.INVALID_QUANTITY')).toBe(true);
    }
  });

  it('reports broken invariants', () => {
    const broken = { ...received, allocated: 11, shipped: 1 };
    expect(violatedInvariants(broken)).toEqual([
      'allocated exceeds onHand',
      'onHand + shipped differs from received',
    ]);
  });
});
