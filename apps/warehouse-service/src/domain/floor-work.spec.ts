import { cancelFloorWork, recordTenderAccepted, startFloorWork } from './floor-work';
import { loadOrder } from './load-order';
import { packOrder } from './pack-order';
import { pickOrder } from './pick-order';
import { allocation, fullPackages, pickedWork, tender } from './warehouse.fixtures';

const packed = () => packOrder(pickedWork(), fullPackages);
const ready = () => recordTenderAccepted(packed(), tender);

describe('floor work', () => {
  it('runs ALLOCATED -> PICKED -> PACKED -> LOADED', () => {
    const work = startFloorWork(allocation);
    expect(work.status).toBe('ALLOCATED');
    expect(pickedWork().status).toBe('PICKED');
    expect(packed().status).toBe('PACKED');
    expect(loadOrder(ready(), 'S-1')).toMatchObject({ status: 'LOADED', tender });
  });

  it('refuses to pack before picking and to load before packing', () => {
    const work = recordTenderAccepted(startFloorWork(allocation), tender);
    expect(() => packOrder(work, fullPackages)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.INVALID_TRANSITION' }),
    );
    expect(() => loadOrder(work, 'S-1')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.INVALID_TRANSITION' }),
    );
  });

  it('refuses to load before the tender was accepted', () => {
    expect(() => loadOrder(packed(), 'S-1')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.TENDER_NOT_ACCEPTED' }),
    );
  });

  it('refuses to load onto another shipment', () => {
    expect(() => loadOrder(ready(), 'S-2')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.SHIPMENT_MISMATCH' }),
    );
    const loaded = loadOrder(ready(), 'S-1');
    expect(() => loadOrder(loaded, 'S-2')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.SHIPMENT_MISMATCH' }),
    );
  });

  it('records the tender at any stage before loading and keeps the first on redelivery', () => {
    const early = recordTenderAccepted(startFloorWork(allocation), tender);
    expect(early.tender).toEqual(tender);
    expect(recordTenderAccepted(early, { ...tender, trackingNumber: 'OTHER' })).toBe(early);
  });

  it('a tender arriving after loading or cancelling changes nothing', () => {
    const loaded = loadOrder(ready(), 'S-1');
    expect(recordTenderAccepted(loaded, { ...tender, shipmentId: 'S-9' })).toBe(loaded);
    const cancelled = cancelFloorWork(packed(), 'customer');
    expect(recordTenderAccepted(cancelled, tender)).toBe(cancelled);
  });

  it('applying a milestone twice or late never moves the state back', () => {
    const loaded = loadOrder(ready(), 'S-1');
    expect(loadOrder(loaded, 'S-1')).toBe(loaded);
    expect(packOrder(loaded, fullPackages)).toBe(loaded);
    expect(pickOrder(loaded, []).work).toBe(loaded);
    expect(pickOrder(loaded, []).applied).toBe(false);
  });

  it.each([
    ['ALLOCATED', () => startFloorWork(allocation)],
    ['PICKED', pickedWork],
    ['PACKED', ready],
  ])('cancels from %s with the reason', (_status, work) => {
    expect(cancelFloorWork(work(), 'customer request')).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'customer request',
    });
  });

  it('a second cancel changes nothing', () => {
    const cancelled = cancelFloorWork(pickedWork(), 'first');
    expect(cancelFloorWork(cancelled, 'second')).toBe(cancelled);
  });

  it('refuses to cancel after loading, naming the shipment', () => {
    const loaded = loadOrder(ready(), 'S-1');
    expect(() => cancelFloorWork(loaded, 'too late')).toThrow(
      expect.objectContaining({
        code: 'WAREHOUSE.ALREADY_LOADED',
        details: expect.objectContaining({ shipmentId: 'S-1' }),
      }),
    );
  });

  it('refuses floor work on a cancelled order', () => {
    const cancelled = cancelFloorWork(startFloorWork(allocation), 'customer');
    expect(() => pickOrder(cancelled, [])).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.ORDER_CANCELLED' }),
    );
    expect(() => loadOrder(cancelFloorWork(ready(), 'x'), 'S-1')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.ORDER_CANCELLED' }),
    );
  });
});
