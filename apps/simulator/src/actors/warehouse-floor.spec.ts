import type { EventTypeMap } from '@logisync/canonical-events';
import { actorContext, planWith, problem, ScriptedServices } from './actors.fixtures';
import { WarehouseFloor } from './warehouse-floor';

const shortOf = (orderId: string, missing: number) =>
  ({
    orderId,
    backOrdered: true,
    shortLines: [{ sku: 'SKU-SCARCE', quantityRequested: missing, quantityAvailable: 0 }],
    meta: { eventId: `failed-${orderId}` },
  }) as unknown as EventTypeMap['AllocationFailed'];
const accepted = (orderId: string) =>
  ({ orderId, shipmentId: `ship-${orderId}` }) as EventTypeMap['TenderAccepted'];
const receipts = (services: ScriptedServices) =>
  services.callsOf('warehouse.receive').map(([body]) => (body as { reference: string }).reference);

describe('the warehouse floor receiving for back-orders', () => {
  it('receives again only when every receipt has answered and one order was passed over', async () => {
    // o1's receipt goes to o2 (ahead by priority), o2's to nobody; o1's second one to o1.
    const services = new ScriptedServices().answer(
      'warehouse.receive',
      { allocatedBackorders: ['o2'] },
      { allocatedBackorders: [] },
      { allocatedBackorders: ['o1'] },
    );
    const ctx = actorContext(services, {
      o1: planWith(1, { shortage: true }),
      o2: planWith(2, { shortage: true }),
    });
    const floor = new WarehouseFloor(ctx);
    floor.onAllocationFailed(shortOf('o1', 2));
    floor.onAllocationFailed(shortOf('o2', 3));
    floor.onAllocationFailed(shortOf('o1', 2));
    await ctx.work.drain();
    expect(receipts(services)).toEqual(['receipt-o1-1', 'receipt-o2-1', 'receipt-o1-2']);
    expect(ctx.ledger.counter('restocks for passed-over back-orders')).toBe(1);
    expect(ctx.ledger.counter('shortage receipts')).toBe(3);
    expect([...ctx.ledger.received.values()]).toEqual([7]);
    expect(ctx.work.failures).toEqual([]);
  });

  it('does not restock an order cancelled or allocated meanwhile', async () => {
    const services = new ScriptedServices().answer('warehouse.receive', {
      allocatedBackorders: [],
    });
    const ctx = actorContext(services, {
      o1: planWith(1, { shortage: true }),
      o2: planWith(2, { shortage: true }),
    });
    const floor = new WarehouseFloor(ctx);
    floor.onAllocationFailed(shortOf('o1', 2));
    floor.onAllocationFailed(shortOf('o2', 2));
    const at = new Date();
    ctx.tracker.observe({
      eventType: 'OrderCancelled',
      eventId: 'c1',
      orderId: 'o1',
      occurredAt: at,
    });
    ctx.tracker.observe({
      eventType: 'InventoryAllocated',
      eventId: 'a2',
      orderId: 'o2',
      occurredAt: at,
    });
    await ctx.work.drain();
    expect(receipts(services)).toEqual(['receipt-o1-1', 'receipt-o2-1']);
  });

  it('sends no receipt for an order the ERP cancels while it is back-ordered', async () => {
    const services = new ScriptedServices();
    const ctx = actorContext(services, { o1: planWith(1, { shortage: true, cancel: true }) });
    new WarehouseFloor(ctx).onAllocationFailed(shortOf('o1', 2));
    await ctx.work.drain();
    expect(services.calls).toEqual([]);
  });

  it('gives up on a back-order no receipt allocates, as a failure of the run', async () => {
    const services = new ScriptedServices().answer('warehouse.receive', {
      allocatedBackorders: [],
    });
    const ctx = actorContext(services, { o1: planWith(1, { shortage: true }) });
    new WarehouseFloor(ctx).onAllocationFailed(shortOf('o1', 1));
    await ctx.work.drain();
    expect(receipts(services)).toHaveLength(20);
    expect(ctx.work.failures).toEqual([
      { what: 'receive for o1', error: 'still back-ordered after 20 receipts' },
    ]);
  });
});

describe('the warehouse floor loading', () => {
  it('retries a load the warehouse refuses until it has applied TenderAccepted, and counts it', async () => {
    const notApplied = problem(409, 'SHIPMENT.TENDER_NOT_ACCEPTED');
    const services = new ScriptedServices().answer(
      'warehouse.load',
      problem(404, 'SHIPMENT.NOT_FOUND'),
      notApplied,
      { status: 'LOADED' },
    );
    const ctx = actorContext(services, { o1: planWith(1, {}) });
    new WarehouseFloor(ctx).onTenderAccepted(accepted('o1'));
    await ctx.work.drain();
    expect(services.callsOf('warehouse.load')).toEqual([['ship-o1'], ['ship-o1'], ['ship-o1']]);
    expect(ctx.ledger.counter('loads before the warehouse applied TenderAccepted')).toBe(2);
    expect(ctx.work.failures).toEqual([]);
  });

  it('does not retry another refusal', async () => {
    const services = new ScriptedServices().answer(
      'warehouse.load',
      problem(409, 'WAREHOUSE.ORDER_CANCELLED'),
    );
    const ctx = actorContext(services, { o1: planWith(1, {}) });
    new WarehouseFloor(ctx).onTenderAccepted(accepted('o1'));
    await ctx.work.drain();
    expect(services.callsOf('warehouse.load')).toHaveLength(1);
    expect(ctx.work.failures).toHaveLength(1);
  });
});
