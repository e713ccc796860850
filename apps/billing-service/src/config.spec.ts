import { ConfigError } from '@logisync/event-runtime';
import { defaultReconciliationCron, defaultTaxRates, loadConfig } from './config';

describe('billing-service configuration', () => {
  it('defaults to port 3004, database billing_service, nightly reconciliation and the default tax table', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3004);
    expect(config.databaseUrl).toMatch(/\/billing_service$/);
    expect(config.billing).toEqual({
      reconciliationCron: defaultReconciliationCron,
      taxRates: defaultTaxRates,
      invoiceSeries: 'INV',
    });
  });

  it('reads the cron expression, the tax table and the series from the environment', () => {
    const config = loadConfig({
      RECONCILIATION_CRON: '30 3 * * 1-5',
      TAX_RATES: 'eu-west=2000, us-east=0',
      INVOICE_SERIES: 'BIL',
    });
    expect(config.billing).toEqual({
      reconciliationCron: '30 3 * * 1-5',
      taxRates: { 'eu-west': 2000, 'us-east': 0 },
      invoiceSeries: 'BIL',
    });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        RECONCILIATION_CRON: 'every night',
        TAX_RATES: 'eu-west=19%,x',
        INVOICE_SERIES: 'inv',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('RECONCILIATION_CRON');
    expect(problems).toContain("TAX_RATES entry 'eu-west=19%'");
    expect(problems).toContain("TAX_RATES entry 'x'");
    expect(problems).toContain('INVOICE_SERIES');
  });

  it('rejects a rate beyond 100 %', () => {
    expect(() => loadConfig({ TAX_RATES: 'eu-west=10001' })).toThrow(ConfigError);
  });
});
