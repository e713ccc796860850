import { ConfigError } from '@logisync/event-runtime';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadEndpoints, repositoryRoot } from './config';

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

describe('repositoryRoot', () => {
  it('finds the repository from the sources and from the compiled tree alike', () => {
    const root = repositoryRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(existsSync(join(root, 'apps', 'simulator', 'project.json'))).toBe(true);
    expect(repositoryRoot(join(root, 'dist', 'system', 'apps', 'simulator', 'src'))).toBe(root);
  });
});
