import { Money, type BillingCase } from '../domain';

/** The case as JSON: Money values become { amountMinor, currency } and come back as Money. */
export function caseToJson(state: BillingCase): unknown {
  return JSON.parse(JSON.stringify(state));
}

export function caseFromJson(json: unknown): BillingCase {
  return revive(json) as BillingCase;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const v = value as Record<string, unknown>;
    if (keys.length === 2 && typeof v.amountMinor === 'number' && typeof v.currency === 'string') {
      return Money.of(v.amountMinor, v.currency);
    }
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, revive(item)]));
  }
  return value;
}
