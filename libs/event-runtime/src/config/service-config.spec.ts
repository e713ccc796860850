import { ConfigError } from './env-reader';
import { loadServiceConfig } from './service-config';

const defaults = { service: 'billing-service', port: 3004, database: 'billing_service' } as const;

describe('loadServiceConfig', () => {
  it('defaults to the local stack and the service database', () => {
    expect(loadServiceConfig({}, defaults)).toEqual({
      service: 'billing-service',
      port: 3004,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/billing_service',
      kafkaBrokers: ['127.0.0.1:9092'],
      registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
      inboxDedupeHorizonDays: 30,
      // No API client configured: every protected request is refused.
      api: {
        clients: [],
        rateLimit: { perSecond: 100, burst: 200 },
        idempotencyTtlMs: 86_400_000,
      },
    });
  });

  it("reports the API settings' problems together with the others", () => {
    expect(() =>
      loadServiceConfig({ PORT: '0', API_KEYS: '{', API_RATE_LIMIT_BURST: 'lots' }, defaults),
    ).toThrow(
      /PORT must be a port number[\s\S]*API_KEYS is not valid JSON[\s\S]*API_RATE_LIMIT_BURST/,
    );
  });

  it('reads the inbox dedupe horizon, refusing one shorter than Kafka keeps idle offsets', () => {
    expect(loadServiceConfig({ INBOX_DEDUPE_HORIZON_DAYS: '90' }, defaults)).toMatchObject({
      inboxDedupeHorizonDays: 90,
    });
    for (const bad of ['7', '30.5', 'forever']) {
      expect(() => loadServiceConfig({ INBOX_DEDUPE_HORIZON_DAYS: bad }, defaults)).toThrow(
        `INBOX_DEDUPE_HORIZON_DAYS must be a whole number of at least 8, got '${bad}'`,
      );
    }
  });

  it('refuses a bad environment, naming each variable', () => {
    expect(() => loadServiceConfig({ PORT: '0', DATABASE_URL: 'mysql://x/y' }, defaults)).toThrow(
      ConfigError,
    );
    expect(() => loadServiceConfig({ PORT: '0', DATABASE_URL: 'mysql://x/y' }, defaults)).toThrow(
      /PORT must be a port number[\s\S]*DATABASE_URL must use postgres:/,
    );
  });
});
