import type { EventTypeMap } from '@logisync/canonical-events';
import { SeededRandom } from '../plan/random';
import { actorContext, planWith, problem, ScriptedServices } from './actors.fixtures';
import { ErpDesk } from './erp-desk';

const loaded = (orderId: string) => ({ orderId }) as EventTypeMap['ShipmentLoaded'];

describe('the ERP desk cancelling after loading', () => {
  function desk(statuses: string[]) {
    const services = new ScriptedServices()
      .answer('orders.order', ...statuses.map((status) => ({ id: 'o1', status })))
      .answer('orders.cancel', problem(409, 'ORDER.CANCEL_NOT_ALLOWED'));
    const ctx = actorContext(services, {
      o1: planWith(1, { lateCancel: true }),
      o2: planWith(2, {}),
    });
    return { services, ctx, erp: new ErpDesk(ctx, new SeededRandom(1), 'run') };
  }

  it('looks when the shipment is loaded, then again only at the next event of the order', async () => {
    const { services, ctx, erp } = desk(['PACKED', 'PACKED', 'SHIPPED']);
    erp.onLoaded(loaded('o1'));
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(1);
    ctx.signals.notify('o2');
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(1);
    ctx.signals.notify('o1');
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(2);
    expect(services.callsOf('orders.cancel')).toHaveLength(0);
    ctx.signals.notify('o1');
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(3);
    expect(services.callsOf('orders.cancel')).toEqual([
      ['o1', 'Too late: the truck has left', 'late'],
    ]);
    expect(ctx.ledger.counter('late cancellations refused')).toBe(1);
    expect(ctx.ledger.counter('late cancel: ERP not yet showing shipped')).toBe(2);
    ctx.signals.notify('o1');
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(3);
    expect(ctx.work.failures).toEqual([]);
  });

  it('looks again at once when an event of the order came while the ERP answered', async () => {
    const { services, ctx, erp } = desk(['PACKED', 'IN_TRANSIT']);
    services.during('orders.order', () => ctx.signals.notify('o1'));
    erp.onLoaded(loaded('o1'));
    await ctx.work.drain();
    expect(services.callsOf('orders.order')).toHaveLength(2);
    expect(ctx.ledger.counter('late cancellations refused')).toBe(1);
  });

  it('reports a cancellation the order-service accepted after loading as a violation', async () => {
    const { services, ctx, erp } = desk(['SHIPPED']);
    services.answer('orders.cancel', { id: 'o1', status: 'CANCELLED' });
    erp.onLoaded(loaded('o1'));
    await ctx.work.drain();
    expect(ctx.ledger.violations).toEqual(['order o1 was cancelled after ShipmentLoaded']);
  });

  it('leaves orders not planned for a late cancellation alone', async () => {
    const { services, ctx, erp } = desk(['SHIPPED']);
    erp.onLoaded(loaded('o2'));
    await ctx.work.drain();
    expect(services.calls).toEqual([]);
  });
});
