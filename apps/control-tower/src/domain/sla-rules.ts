/**
 * The SLA clock: for each pair of milestones, how long the second may take after the first.
 * The absence of an event is an exception: a breach is raised once when the time is up, and
 * resolved when the awaited milestone arrives.
 */
export interface SlaRule {
  id: string;
  from: string;
  /** Any of these ends the clock. */
  to: string[];
  thresholdSeconds: number;
  description: string;
}

export const DEFAULT_SLA_RULES: SlaRule[] = [
  {
    id: 'released-to-allocated',
    from: 'OrderReleased',
    to: ['InventoryAllocated', 'OrderCancelled'],
    thresholdSeconds: 600,
    description: 'allocation within 10 minutes of release',
  },
  {
    id: 'packed-to-tender-accepted',
    from: 'OrderPacked',
    to: ['TenderAccepted', 'OrderCancelled'],
    thresholdSeconds: 1800,
    description: 'a carrier within 30 minutes of packing',
  },
  {
    id: 'tendered-to-answered',
    from: 'CarrierTendered',
    to: ['TenderAccepted', 'TenderRejected', 'TenderWithdrawn'],
    thresholdSeconds: 900,
    description: 'a tender answered within 15 minutes',
  },
  {
    id: 'loaded-to-departed',
    from: 'ShipmentLoaded',
    to: ['ShipmentDeparted', 'ShipmentInTransit', 'ShipmentDelivered'],
    thresholdSeconds: 7200,
    description: 'departure within 2 hours of loading',
  },
  {
    id: 'delivered-to-invoiced',
    from: 'ShipmentDelivered',
    to: ['InvoiceIssued', 'InvoiceHeld'],
    thresholdSeconds: 600,
    description: 'an invoice within 10 minutes of delivery',
  },
];

/** Parses `rule=seconds,rule=seconds` overrides (env SLA_THRESHOLDS) onto the defaults. */
export function slaRulesWith(
  overrides: string | undefined,
  rules: SlaRule[] = DEFAULT_SLA_RULES,
): SlaRule[] {
  if (!overrides?.trim()) return rules;
  const byId = new Map(rules.map((r) => [r.id, { ...r }]));
  for (const part of overrides.split(',')) {
    const [id, value] = part.split('=').map((s) => s.trim());
    const rule = byId.get(id);
    const seconds = Number(value);
    if (!rule)
      throw new Error(
        `SLA_THRESHOLDS: unknown rule "${id}" (known: ${[...byId.keys()].join(', ')})`,
      );
    if (!Number.isInteger(seconds) || seconds <= 0)
      throw new Error(`SLA_THRESHOLDS: ${id} needs a positive number of seconds, got "${value}"`);
    rule.thresholdSeconds = seconds;
  }
  return [...byId.values()];
}

export interface SeenMilestone {
  eventType: string;
  occurredAt: Date;
}

export interface SlaVerdict {
  ruleId: string;
  startedAt: Date;
  dueAt: Date;
  state: 'RUNNING' | 'MET' | 'BREACHED' | 'BREACH_ENDED';
}

/**
 * Where each rule's clock stands for one order at `now`. A clock starts at the first `from`
 * milestone and stops at the first `to` milestone after it.
 */
export function evaluateSla(
  rules: SlaRule[],
  milestones: readonly SeenMilestone[],
  now: Date,
): SlaVerdict[] {
  const verdicts: SlaVerdict[] = [];
  for (const rule of rules) {
    const start = milestones
      .filter((m) => m.eventType === rule.from)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())[0];
    if (!start) continue;
    const dueAt = new Date(start.occurredAt.getTime() + rule.thresholdSeconds * 1000);
    const end = milestones
      .filter((m) => rule.to.includes(m.eventType) && m.occurredAt >= start.occurredAt)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())[0];
    let state: SlaVerdict['state'];
    if (end) state = end.occurredAt <= dueAt ? 'MET' : 'BREACH_ENDED';
    else state = now > dueAt ? 'BREACHED' : 'RUNNING';
    verdicts.push({ ruleId: rule.id, startedAt: start.occurredAt, dueAt, state });
  }
  return verdicts;
}
