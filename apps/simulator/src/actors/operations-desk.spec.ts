import type { EventTypeMap } from '@logisync/canonical-events';
import { CARRIERS } from '../world/enterprise';
import { actorContext, planWith, problem, ScriptedServices } from './actors.fixtures';
import { OperationsDesk } from './operations-desk';

const allRejected = (orderId: string, type = 'TENDER_ALL_REJECTED') =>
  ({ orderId, type }) as EventTypeMap['ExceptionRaised'];

describe('the operations desk', () => {
  it('assigns a carrier to the shipment CarrierTendered named', async () => {
    const services = new ScriptedServices();
    const ctx = actorContext(services, { o1: planWith(1, { carrier: 'reject-all' }) });
    ctx.shipments.record('o1', 's1');
    new OperationsDesk(ctx).onException(allRejected('o1'));
    await ctx.work.drain();
    expect(services.callsOf('transport.assignCarrier')).toEqual([['s1', CARRIERS[0].id]]);
    expect(ctx.ledger.counter('carriers assigned by an operator')).toBe(1);
  });

  it('waits for the shipment to be seen when the exception is read first, then acts once', async () => {
    const services = new ScriptedServices();
    const ctx = actorContext(services, { o1: planWith(1, { carrier: 'reject-all' }) });
    const desk = new OperationsDesk(ctx);
    desk.onException(allRejected('o1'));
    await ctx.work.drain();
    expect(services.calls).toEqual([]);
    ctx.shipments.record('o1', 's1');
    ctx.shipments.record('o1', 's1');
    await ctx.work.drain();
    expect(services.callsOf('transport.assignCarrier')).toEqual([['s1', CARRIERS[0].id]]);
  });

  it('counts a refused assignment and ignores other exceptions and other runs', async () => {
    const services = new ScriptedServices().answer(
      'transport.assignCarrier',
      problem(409, 'SHIPMENT.ALREADY_ASSIGNED'),
    );
    const ctx = actorContext(services, { o1: planWith(1, { carrier: 'reject-all' }) });
    ctx.shipments.record('o1', 's1');
    ctx.shipments.record('elsewhere', 's9');
    const desk = new OperationsDesk(ctx);
    desk.onException(allRejected('o1', 'STOCK_SHORTAGE'));
    desk.onException(allRejected('elsewhere'));
    desk.onException(allRejected('o1'));
    await ctx.work.drain();
    expect(services.callsOf('transport.assignCarrier')).toHaveLength(1);
    expect(ctx.ledger.counter('assignments refused')).toBe(1);
    expect(ctx.work.failures).toEqual([]);
  });
});
