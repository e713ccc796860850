import { OrderException, shortageSlaMs } from './order-exception';
import type { OrderDomainError } from './order.errors';

const at = new Date('2026-11-02T08:00:00Z');

describe('an order exception', () => {
  it('opens with an SLA and goes OPEN -> ACKNOWLEDGED -> RESOLVED', () => {
    const exception = OrderException.shortage('x-1', 'order-1', 'SKU-1 0/2', at);
    expect(exception.state).toMatchObject({ status: 'OPEN', owner: 'order-desk' });
    expect(exception.state.slaDueAt.getTime() - at.getTime()).toBe(shortageSlaMs);
    exception.acknowledge(at);
    exception.resolve('wait for stock', at);
    expect(exception.state).toMatchObject({ status: 'RESOLVED', resolution: 'wait for stock' });
  });

  it('refuses to acknowledge twice or to resolve again, naming the current state', () => {
    const exception = OrderException.shortage('x-1', 'order-1', 'short', at);
    exception.acknowledge(at);
    expect(() => exception.acknowledge(at)).toThrow(/ACKNOWLEDGED/);
    exception.resolve('cancel', at);
    try {
      exception.resolve('again', at);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as OrderDomainError).details).toEqual({ currentStatus: 'RESOLVED' });
    }
  });
});
