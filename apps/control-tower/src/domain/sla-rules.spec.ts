import { DEFAULT_SLA_RULES, evaluateSla, slaRulesWith } from './sla-rules';

const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, 0) + s * 1000);
const rule = slaRulesWith('released-to-allocated=60').filter(
  (r) => r.id === 'released-to-allocated',
);

describe('the SLA clock', () => {
  it('runs, breaches, and ends in time or late', () => {
    const released = [{ eventType: 'OrderReleased', occurredAt: t(0) }];
    expect(evaluateSla(rule, released, t(30))[0].state).toBe('RUNNING');
    expect(evaluateSla(rule, released, t(61))[0]).toMatchObject({
      state: 'BREACHED',
      dueAt: t(60),
    });
    expect(
      evaluateSla(
        rule,
        [...released, { eventType: 'InventoryAllocated', occurredAt: t(59) }],
        t(500),
      )[0].state,
    ).toBe('MET');
    expect(
      evaluateSla(
        rule,
        [...released, { eventType: 'InventoryAllocated', occurredAt: t(90) }],
        t(500),
      )[0].state,
    ).toBe('BREACH_ENDED');
  });

  it('has no clock before its starting milestone', () => {
    expect(evaluateSla(DEFAULT_SLA_RULES, [], t(0))).toEqual([]);
  });

  it('takes overrides and names what is wrong with bad ones', () => {
    expect(
      slaRulesWith('tendered-to-answered=5').find((r) => r.id === 'tendered-to-answered')
        ?.thresholdSeconds,
    ).toBe(5);
    expect(() => slaRulesWith('nope=5')).toThrow(/unknown rule "nope"/);
    expect(() => slaRulesWith('tendered-to-answered=-1')).toThrow(/positive number of seconds/);
    expect(slaRulesWith(undefined)).toBe(DEFAULT_SLA_RULES);
  });
});
