import { ConfigError, loadServiceConfig, type ServiceConfig } from '@logisync/event-runtime';
import { CronExpressionParser } from 'cron-parser';
import { DEFAULT_INVOICE_SERIES } from './domain';

export interface BillingSettings {
  /** Cron expression (UTC) of the scheduled reconciliation; nightly at 02:00 by default. */
  reconciliationCron: string;
  /** Tax rate per region in basis points (1900 = 19.00 %). */
  taxRates: Record<string, number>;
  invoiceSeries: string;
}

export type BillingConfig = ServiceConfig & { billing: BillingSettings };

export const defaultReconciliationCron = '0 2 * * *';

/** The default tax table (README): regions without a rate are rejected, never taxed at 0 %. */
export const defaultTaxRates: Record<string, number> = {
  'eu-west': 1900,
  'eu-central': 1900,
  'eu-north': 2500,
  'eu-south': 2200,
  'us-east': 800,
  'us-west': 725,
  global: 0,
};

/** TAX_RATES="eu-west=1900,us-east=800" replaces the default table. */
function parseTaxRates(raw: string, problems: string[]): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [region, rate] = item.split('=').map((s) => s?.trim());
    const value = Number(rate);
    if (!region || !rate || !Number.isInteger(value) || value < 0 || value > 10_000) {
      problems.push(`TAX_RATES entry '${item}' must be <region>=<basis points 0..10000>`);
    } else {
      rates[region] = value;
    }
  }
  if (Object.keys(rates).length === 0) problems.push('TAX_RATES must list at least one region');
  return rates;
}

/** The only place this service reads its environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): BillingConfig {
  const base = loadServiceConfig(env, {
    service: 'billing-service',
    port: 3004,
    database: 'billing_service',
  });
  const problems: string[] = [];
  const reconciliationCron = env.RECONCILIATION_CRON?.trim() || defaultReconciliationCron;
  try {
    CronExpressionParser.parse(reconciliationCron, { tz: 'UTC' });
  } catch (error) {
    problems.push(`RECONCILIATION_CRON '${reconciliationCron}' is not a cron expression: ${error}`);
  }
  const rawRates = env.TAX_RATES?.trim();
  const taxRates = rawRates ? parseTaxRates(rawRates, problems) : { ...defaultTaxRates };
  const invoiceSeries = env.INVOICE_SERIES?.trim() || DEFAULT_INVOICE_SERIES;
  if (!/^[A-Z]{2,10}$/.test(invoiceSeries)) {
    problems.push(`INVOICE_SERIES must be 2 to 10 capital letters, got '${invoiceSeries}'`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...base, billing: { reconciliationCron, taxRates, invoiceSeries } };
}
