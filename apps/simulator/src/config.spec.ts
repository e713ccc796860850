import { ConfigError } from '@logisync/event-runtime';
import { loadEndpoints } from './config';

describe('loadEndpoints', () => {
  const base = { LOGISYNC_API_KEY: 'lsk_test' };
  const noDevKeys = '/nonexistent/dev-api-keys.json';

  it('connects to Kafka in plaintext unless told otherwise', () => {
    expect(loadEndpoints(base, noDevKeys).kafkaSecurity).toBeUndefined();
  });

  it('reads the Kafka TLS and SASL settings the services read', () => {
    const endpoints = loadEndpoints(
      {
        ...base,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'logisync',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_TLS: 'true',
      },
      noDevKeys,
    );
    expect(endpoints.kafkaSecurity).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'logisync', password: 'p' },
      tls: true,
    });
  });

  it('names a Kafka setting that is wrong beside the others', () => {
    const env = { ...base, ORDER_SERVICE_URL: 'nope', KAFKA_SASL_MECHANISM: 'plain' };
    expect(() => loadEndpoints(env, noDevKeys)).toThrow(ConfigError);
    expect(() => loadEndpoints(env, noDevKeys)).toThrow(
      /ORDER_SERVICE_URL must be a URL[\s\S]*KAFKA_SASL_USERNAME is required/,
    );
  });
});
