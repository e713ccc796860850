import { Failpoints, parseFailpoints, type FailpointEffects } from './failpoints';

function recorder() {
  const said: string[] = [];
  const slept: number[] = [];
  let died = 0;
  const effects: FailpointEffects = {
    die: () => void died++,
    sleep: async (ms) => void slept.push(ms),
    say: (line) => void said.push(line),
  };
  return { effects, said, slept, died: () => died };
}

describe('parseFailpoints', () => {
  it('is off unless set', () => {
    expect(parseFailpoints(undefined)).toEqual({ relayExitAfterSend: false, handlerStallMs: 0 });
    expect(parseFailpoints('')).toEqual({ relayExitAfterSend: false, handlerStallMs: 0 });
  });

  it('reads a comma-separated list with a stall length', () => {
    expect(parseFailpoints('relay-exit-after-send, handler-stall:1200')).toEqual({
      relayExitAfterSend: true,
      handlerStallMs: 1200,
    });
    expect(parseFailpoints('handler-stall').handlerStallMs).toBe(35_000);
  });

  it('refuses what it does not know, so a typo never silently disables a fault', () => {
    expect(() => parseFailpoints('relay-exit')).toThrow(/unknown failpoint 'relay-exit'/);
    expect(() => parseFailpoints('handler-stall:soon')).toThrow(/bad stall/);
  });
});

describe('Failpoints', () => {
  it('does nothing when off', async () => {
    const r = recorder();
    const f = new Failpoints(parseFailpoints(undefined), r.effects);
    f.afterRelaySend('order-service', ['1', '2'], ['t/e1', 't/e2']);
    await f.beforeHandler('billing-service', 'OrderReleased', 'e1');
    expect(r.died()).toBe(0);
    expect(r.slept).toEqual([]);
    expect(r.said).toEqual([]);
  });

  it('relay-exit-after-send dies after the send, naming the rows left undeleted and their events', () => {
    const r = recorder();
    const f = new Failpoints(parseFailpoints('relay-exit-after-send'), r.effects);
    f.afterRelaySend(
      'order-service',
      ['7', '8'],
      ['order.milestones.v1/e7', 'order.milestones.v1/e8'],
    );
    expect(r.died()).toBe(1);
    expect(r.said[0]).toMatch(
      /order-service sent 2 outbox rows, dying before deleting them: ids 7,8 events order.milestones.v1\/e7,order.milestones.v1\/e8$/,
    );
  });

  it('handler-stall stalls the first handler invocation only', async () => {
    const r = recorder();
    const f = new Failpoints(parseFailpoints('handler-stall:500'), r.effects);
    await f.beforeHandler('billing-service', 'OrderReleased', 'e1');
    await f.beforeHandler('billing-service', 'OrderReleased', 'e2');
    expect(r.slept).toEqual([500]);
    expect(r.said.join('\n')).toMatch(
      /stalls OrderReleased e1 500 ms[\s\S]*resumes OrderReleased e1/,
    );
  });
});
