import { TaxTable } from '../domain';
import type { BillingSettings } from '../config';

export const BILLING_SETTINGS = Symbol('BILLING_SETTINGS');

/** The tax table of the configured rates (validated at startup). */
export function taxTableOf(settings: BillingSettings): TaxTable {
  return TaxTable.fromRates(settings.taxRates);
}
