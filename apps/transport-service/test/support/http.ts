import { signWebhook } from '../../src/domain';

export interface HttpResult {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A small JSON client for the API tests; `signed` posts as a carrier would. */
export function httpClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  async function call(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...defaultHeaders, ...headers },
      body,
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
      call('POST', path, JSON.stringify(body ?? {}), headers),
    /** Signed with `secret` at `nowMs` (the service's clock), over the exact bytes sent. */
    signed: (
      path: string,
      body: unknown,
      secret: string,
      nowMs: number,
      headers: Record<string, string> = {},
    ) => {
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(nowMs / 1000));
      return call('POST', path, raw, {
        ...headers,
        'x-logisync-timestamp': timestamp,
        'x-logisync-signature': signWebhook(secret, timestamp, raw),
      });
    },
    raw: call,
  };
}

export const secretOf = (carrierId: string) => `${carrierId}-webhook-secret-0123456789`;

export function carrierBody(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: `Carrier ${id}`,
    modes: ['PARCEL', 'LTL'],
    webhookSecret: secretOf(id),
    ...overrides,
  };
}

export function laneBody(carrierId: string, overrides: Record<string, unknown> = {}) {
  return {
    originRegion: 'eu-west',
    destinationCountry: 'DE',
    carrierId,
    priority: 1,
    ratePerKg: 100,
    currency: 'EUR',
    transitDays: 2,
    tenderTimeoutSeconds: 3600,
    ...overrides,
  };
}
