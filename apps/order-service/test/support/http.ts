export interface HttpResult {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A small JSON client for the API tests. */
export function httpClient(baseUrl: string) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers = {},
  ): Promise<HttpResult> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : {},
    };
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body ?? {}, headers),
  };
}

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
