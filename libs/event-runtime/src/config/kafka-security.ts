import { readFileSync } from 'node:fs';
import type { KafkaSecurity } from '../kafka/kafka-client';
import { ConfigError } from './env-reader';

type Env = Record<string, string | undefined>;
type Mechanism = NonNullable<KafkaSecurity['sasl']>['mechanism'];

const MECHANISMS: readonly Mechanism[] = ['scram-sha-256', 'scram-sha-512', 'plain'];

export interface KafkaSecurityReading {
  security: KafkaSecurity;
  problems: string[];
}

const value = (env: Env, name: string) => env[name]?.trim() || undefined;

/** The password itself, or the first line of its file; problems never quote a password. */
function readPassword(env: Env, problems: string[]): string {
  const inline = env.KAFKA_SASL_PASSWORD;
  const file = value(env, 'KAFKA_SASL_PASSWORD_FILE');
  if (inline && file) {
    problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set; set one');
    return '';
  }
  if (file) {
    try {
      const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      if (!password) problems.push(`KAFKA_SASL_PASSWORD_FILE ${file} is empty`);
      return password;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`KAFKA_SASL_PASSWORD_FILE ${file} cannot be read (${code})`);
      return '';
    }
  }
  if (!inline) {
    problems.push(
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM',
    );
  }
  return inline ?? '';
}

function readSasl(env: Env, problems: string[]): KafkaSecurity['sasl'] {
  const raw = value(env, 'KAFKA_SASL_MECHANISM');
  const username = value(env, 'KAFKA_SASL_USERNAME');
  if (!raw) {
    const stray = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'].filter(
      (name) => value(env, name),
    );
    if (stray.length > 0) problems.push(`${stray.join(', ')} set without KAFKA_SASL_MECHANISM`);
    return undefined;
  }
  const mechanism = raw.toLowerCase() as Mechanism;
  if (!MECHANISMS.includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM must be one of ${MECHANISMS.join(', ')}, got '${raw}'`);
  }
  if (!username) problems.push('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
  const password = readPassword(env, problems);
  return { mechanism, username: username ?? '', password };
}

function readTls(env: Env, problems: string[]): KafkaSecurity['tls'] {
  const raw = value(env, 'KAFKA_TLS')?.toLowerCase();
  const caFile = value(env, 'KAFKA_TLS_CA_FILE');
  if (raw !== undefined && raw !== 'true' && raw !== 'false') {
    problems.push(`KAFKA_TLS must be true or false, got '${env.KAFKA_TLS}'`);
  }
  if (caFile && raw === 'false') {
    problems.push('KAFKA_TLS_CA_FILE is set but KAFKA_TLS is false');
    return undefined;
  }
  if (caFile) {
    try {
      readFileSync(caFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`KAFKA_TLS_CA_FILE ${caFile} cannot be read (${code})`);
    }
    return { caFile };
  }
  return raw === 'true' ? true : undefined;
}

/**
 * KAFKA_SASL_MECHANISM (scram-sha-256 | scram-sha-512 | plain), KAFKA_SASL_USERNAME,
 * KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, KAFKA_TLS (true | false) and
 * KAFKA_TLS_CA_FILE (PEM; implies TLS). Nothing set: a plaintext connection, as before.
 * Collects problems instead of throwing, for callers that report them with their own.
 */
export function readKafkaSecurity(env: Env): KafkaSecurityReading {
  const problems: string[] = [];
  const security: KafkaSecurity = {};
  const sasl = readSasl(env, problems);
  const tls = readTls(env, problems);
  if (sasl) security.sasl = sasl;
  if (tls !== undefined) security.tls = tls;
  return { security, problems };
}

/** Every Kafka client's security settings from its environment; a ConfigError names each problem. */
export function loadKafkaSecurity(env: Env): KafkaSecurity {
  const { security, problems } = readKafkaSecurity(env);
  if (problems.length > 0) throw new ConfigError(problems);
  return security;
}

/** For logs and status lines: what the connection uses, never the password. */
export function describeKafkaSecurity(security: KafkaSecurity | undefined): string {
  const tls = security?.tls ? 'TLS' : 'plaintext';
  const sasl = security?.sasl;
  return sasl ? `${tls}, SASL ${sasl.mechanism} as ${sasl.username}` : tls;
}
