import { OrderSignals } from './order-signals';

describe('order signals', () => {
  it('run a reaction once, at the next event of its order only', () => {
    const signals = new OrderSignals();
    const seen: string[] = [];
    signals.onNext('o1', () => seen.push('first'));
    signals.onNext('o1', () => seen.push('second'));
    signals.onNext('o2', () => seen.push('other order'));
    signals.notify('o1');
    expect(seen).toEqual(['first', 'second']);
    signals.notify('o1');
    expect(seen).toEqual(['first', 'second']);
    expect(signals.waitingOrders).toBe(1);
    signals.notify('o2');
    expect(seen).toEqual(['first', 'second', 'other order']);
    expect(signals.waitingOrders).toBe(0);
  });

  it('let a reaction wait again for the event after', () => {
    const signals = new OrderSignals();
    let looks = 0;
    const look = () => {
      looks++;
      if (looks < 3) signals.onNext('o1', look);
    };
    signals.onNext('o1', look);
    for (let i = 0; i < 5; i++) signals.notify('o1');
    expect(looks).toBe(3);
  });
});
