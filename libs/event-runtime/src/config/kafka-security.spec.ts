import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env-reader';
import { describeKafkaSecurity, loadKafkaSecurity, readKafkaSecurity } from './kafka-security';
import { loadServiceConfig } from './service-config';

describe('loadKafkaSecurity', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kafka-security-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const problemsOf = (env: Record<string, string>) => readKafkaSecurity(env).problems;

  it('is plaintext when nothing is set', () => {
    expect(loadKafkaSecurity({})).toEqual({});
    expect(loadKafkaSecurity({ KAFKA_TLS: 'false', KAFKA_SASL_MECHANISM: ' ' })).toEqual({});
  });

  it('reads SCRAM with an inline password and TLS with the system CAs', () => {
    expect(
      loadKafkaSecurity({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'logisync',
        KAFKA_SASL_PASSWORD: 's3cret',
        KAFKA_TLS: 'true',
      }),
    ).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'logisync', password: 's3cret' },
      tls: true,
    });
  });

  it('reads the password from a file without its final newline, and a CA file', () => {
    const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\n');
    expect(
      loadKafkaSecurity({
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD_FILE: file('password', 'from-file\n'),
        KAFKA_TLS_CA_FILE: ca,
      }),
    ).toEqual({
      sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'from-file' },
      tls: { caFile: ca },
    });
  });

  it('names a mechanism without username or password', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM',
    ]);
  });

  it('names credentials without a mechanism, an unknown mechanism and a bad KAFKA_TLS', () => {
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD set without KAFKA_SASL_MECHANISM',
    ]);
    expect(
      problemsOf({
        KAFKA_SASL_MECHANISM: 'gssapi',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_TLS: 'yes',
      }),
    ).toEqual([
      "KAFKA_SASL_MECHANISM must be one of scram-sha-256, scram-sha-512, plain, got 'gssapi'",
      "KAFKA_TLS must be true or false, got 'yes'",
    ]);
  });

  it('names both password sources, missing or empty files and a CA with TLS off, never a password', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' };
    expect(
      problemsOf({
        ...sasl,
        KAFKA_SASL_PASSWORD: 'leak-me-not',
        KAFKA_SASL_PASSWORD_FILE: file('p2', 'x'),
      }),
    ).toEqual(['KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set; set one']);
    const missing = join(dir, 'missing');
    expect(problemsOf({ ...sasl, KAFKA_SASL_PASSWORD_FILE: missing })).toEqual([
      `KAFKA_SASL_PASSWORD_FILE ${missing} cannot be read (ENOENT)`,
    ]);
    expect(problemsOf({ ...sasl, KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') })).toEqual([
      expect.stringMatching(/KAFKA_SASL_PASSWORD_FILE .*empty is empty/),
    ]);
    expect(problemsOf({ KAFKA_TLS: 'false', KAFKA_TLS_CA_FILE: missing })).toEqual([
      'KAFKA_TLS_CA_FILE is set but KAFKA_TLS is false',
    ]);
    expect(problemsOf({ KAFKA_TLS_CA_FILE: missing })).toEqual([
      `KAFKA_TLS_CA_FILE ${missing} cannot be read (ENOENT)`,
    ]);
  });

  it('throws a ConfigError, and the service config reports its problems with the others', () => {
    expect(() => loadKafkaSecurity({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(ConfigError);
    const defaults = { service: 'order-service', port: 3001, database: 'order_service' } as const;
    expect(() => loadServiceConfig({ PORT: '0', KAFKA_SASL_MECHANISM: 'plain' }, defaults)).toThrow(
      /PORT must be a port number[\s\S]*KAFKA_SASL_USERNAME is required/,
    );
    const config = loadServiceConfig(
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      defaults,
    );
    expect(config.kafkaSecurity).toEqual({
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
  });

  it('describes a connection without its password', () => {
    const security = loadKafkaSecurity({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'logisync',
      KAFKA_SASL_PASSWORD: 'hidden',
      KAFKA_TLS: 'true',
    });
    expect(describeKafkaSecurity(security)).toBe('TLS, SASL scram-sha-512 as logisync');
    expect(describeKafkaSecurity(undefined)).toBe('plaintext');
  });
});
