export { httpClient, type HttpResult } from '@logisync/test-kit';

export function customerBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Acme GmbH',
    region: 'eu-west',
    creditLimit: 100_000,
    currency: 'EUR',
    ...overrides,
  };
}

export function orderBody(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    channel: 'WEB',
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPrice: 10_000, currency: 'EUR' },
      { sku: 'SKU-2', quantity: 1, unitPrice: 5_000, currency: 'EUR' },
    ],
    shipTo: { name: 'Ada', street: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    requestedDeliveryDate: '2026-12-24',
    priority: 'STANDARD',
    region: 'eu-west',
    ...overrides,
  };
}
