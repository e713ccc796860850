import { checkCredit } from './credit-check';
import { Order } from './order';
import { draftOrder, fullFlow, releasedOrder } from './order.fixtures';
import { OrderDomainError } from './order.errors';

function errorOf(fn: () => unknown): OrderDomainError {
  try {
    fn();
  } catch (error) {
    return error as OrderDomainError;
  }
  throw new Error('expected a domain error');
}

describe('an order', () => {
  it('starts as a DRAFT with numbered lines and its total in minor units', () => {
    const snapshot = draftOrder().snapshot();
    expect(draftOrder().status).toBe('DRAFT');
    expect(snapshot.lines.map((l) => l.lineNo)).toEqual([1, 2]);
    expect(snapshot).toMatchObject({ totalMinor: 2_500, currency: 'EUR' });
  });

  it('refuses lines in more than one currency', () => {
    const base = draftOrder().snapshot();
    const lines = [
      { sku: 'A', quantity: 1, unitPriceMinor: 1, currency: 'EUR' },
      { sku: 'B', quantity: 1, unitPriceMinor: 1, currency: 'USD' },
    ];
    expect(errorOf(() => Order.create({ ...base, lines })).code).toBe('ORDER.MIXED_CURRENCIES');
  });

  it('is released once, from DRAFT only', () => {
    const order = draftOrder();
    expect(order.release()).toEqual([{ type: 'OrderReleased' }]);
    const error = errorOf(() => order.release());
    expect(error.code).toBe('ORDER.INVALID_STATE');
    expect(error.details).toEqual({ currentStatus: 'RELEASED' });
  });

  it('can be cancelled until the shipment is loaded, announcing the cancellation', () => {
    const order = releasedOrder();
    fullFlow()
      .slice(0, 4)
      .forEach((m) => order.apply(m, new Date()));
    expect(order.cancel('customer changed mind', 'ada', new Date())).toEqual([
      { type: 'OrderCancelled', reason: 'customer changed mind', by: 'ada' },
    ]);
    expect(order.status).toBe('CANCELLED');
    expect(order.isOpen).toBe(false);
  });

  it('cancels a draft without announcing anything', () => {
    expect(draftOrder().cancel('typo', 'ada', new Date())).toEqual([]);
  });

  it('refuses to cancel after loading, or twice, saying why', () => {
    const loaded = releasedOrder();
    fullFlow()
      .slice(0, 7)
      .forEach((m) => loaded.apply(m, new Date()));
    const error = errorOf(() => loaded.cancel('late', 'ada', new Date()));
    expect(error.code).toBe('ORDER.CANCEL_NOT_ALLOWED');
    expect(error.message).toMatch(/already loaded/);
    const cancelled = releasedOrder();
    cancelled.cancel('first', 'ada', new Date());
    expect(errorOf(() => cancelled.cancel('again', 'ada', new Date())).message).toMatch(/first/);
  });

  it('stays CANCELLED when milestones still arrive, recording them', () => {
    const order = releasedOrder();
    order.cancel('stop', 'ada', new Date());
    expect(order.apply(fullFlow()[0], new Date())).toEqual([]);
    expect(order.status).toBe('CANCELLED');
    expect(order.snapshot().timeline).toHaveLength(1);
  });
});

describe('the credit check', () => {
  const position = {
    customerId: 'c',
    creditLimitMinor: 10_000,
    currency: 'EUR',
    openOrderValueMinor: 8_000,
  };

  it('passes when open orders plus this one fit the limit', () => {
    expect(() => checkCredit(position, 2_000, 'EUR')).not.toThrow();
  });

  it('refuses with the figures when they do not', () => {
    const error = errorOf(() => checkCredit(position, 2_001, 'EUR'));
    expect(error.code).toBe('ORDER.CREDIT_LIMIT_EXCEEDED');
    expect(error.details).toEqual({
      creditLimitMinor: 10_000,
      openOrderValueMinor: 8_000,
      orderTotalMinor: 2_001,
      exceededByMinor: 1,
      currency: 'EUR',
    });
  });

  it('refuses an order in another currency than the credit', () => {
    expect(errorOf(() => checkCredit(position, 1, 'USD')).code).toBe('ORDER.CURRENCY_MISMATCH');
  });
});
