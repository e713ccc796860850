import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Requests per second a client may make, refilled continuously, and the burst it may spend at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** One API client: its name, the SHA-256 of its key (never the key), what it may do. */
export interface ApiClient {
  client: string;
  keySha256: string;
  scopes: string[];
  rateLimit?: RateLimit;
}

export interface ApiGovernanceOptions {
  clients: ApiClient[];
  /** For clients without their own limit. */
  rateLimit: RateLimit;
  /** How long an Idempotency-Key is remembered. */
  idempotencyTtlMs: number;
}

export class ApiConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`API configuration is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ApiConfigError';
  }
}

const SCOPE = /^(\*|[a-z][a-z0-9-]*(:([a-zA-Z0-9._-]+|\*))?)$/;
const CLIENT = /^[a-zA-Z0-9._-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The form a key is stored and compared in. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key (192 bits), prefixed so it is recognisable in a secret scanner. */
export function generateApiKey(): string {
  return `lsk_${randomBytes(24).toString('base64url')}`;
}

/**
 * Parses the client list (JSON array of { client, keySha256, scopes, rateLimit? }), naming every
 * problem with its entry. `source` says where the text came from (API_KEYS, a file name).
 */
export function parseApiClients(text: string, source: string): ApiClient[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The text may hold key hashes: the message names the source, never the content.
    throw new ApiConfigError([`${source} is not valid JSON`]);
  }
  if (!Array.isArray(parsed)) throw new ApiConfigError([`${source} must be a JSON array`]);
  const problems: string[] = [];
  const seenClients = new Set<string>();
  const seenKeys = new Set<string>();
  const clients = parsed.map((entry: unknown, index): ApiClient => {
    const at = `${source}[${index}]`;
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.client !== 'string' || !CLIENT.test(e.client)) {
      problems.push(`${at}.client must be 1-64 letters, digits, '.', '_' or '-'`);
    } else if (seenClients.has(e.client)) problems.push(`${at}.client ${e.client} is repeated`);
    else seenClients.add(e.client);
    if (typeof e.keySha256 !== 'string' || !SHA256.test(e.keySha256)) {
      problems.push(`${at}.keySha256 must be 64 lowercase hex digits (sha256 of the key)`);
    } else if (seenKeys.has(e.keySha256)) problems.push(`${at}.keySha256 is repeated`);
    else seenKeys.add(e.keySha256);
    const scopes = Array.isArray(e.scopes) ? e.scopes : [];
    if (!Array.isArray(e.scopes) || scopes.length === 0) {
      problems.push(`${at}.scopes must be a non-empty array`);
    }
    for (const scope of scopes) {
      if (typeof scope !== 'string' || !SCOPE.test(scope)) {
        problems.push(`${at}.scopes: ${JSON.stringify(scope)} is not a scope like orders:write`);
      }
    }
    let rateLimit: RateLimit | undefined;
    if (e.rateLimit !== undefined) {
      const r = e.rateLimit as Record<string, unknown>;
      if (!positive(r?.perSecond) || !positive(r?.burst)) {
        problems.push(`${at}.rateLimit must be { perSecond: >0, burst: >0 }`);
      } else rateLimit = { perSecond: r.perSecond as number, burst: r.burst as number };
    }
    return {
      client: e.client as string,
      keySha256: e.keySha256 as string,
      scopes: scopes as string[],
      ...(rateLimit ? { rateLimit } : {}),
    };
  });
  if (problems.length) throw new ApiConfigError(problems);
  return clients;
}

function positive(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function positiveNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    problems.push(`${name} must be a positive number, got "${raw}"`);
    return fallback;
  }
  return value;
}

/**
 * What a service's HTTP API reads from its environment: API_KEYS (the JSON client list) or
 * API_KEYS_FILE (a file holding it), API_RATE_LIMIT_PER_SECOND and API_RATE_LIMIT_BURST (the
 * default limit, 100/s and 200), IDEMPOTENCY_KEY_TTL_HOURS (24). No clients means every
 * protected request is refused.
 */
export function loadApiGovernance(env: Record<string, string | undefined>): ApiGovernanceOptions {
  const problems: string[] = [];
  let clients: ApiClient[] = [];
  const inline = env.API_KEYS?.trim();
  const file = env.API_KEYS_FILE?.trim();
  if (inline && file) problems.push('set API_KEYS or API_KEYS_FILE, not both');
  try {
    if (inline) clients = parseApiClients(inline, 'API_KEYS');
    else if (file) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ApiConfigError([
          `API_KEYS_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code}`,
        ]);
      }
      clients = parseApiClients(text, file);
    }
  } catch (error) {
    if (error instanceof ApiConfigError) problems.push(...error.problems);
    else throw error;
  }
  const perSecond = positiveNumber(env, 'API_RATE_LIMIT_PER_SECOND', 100, problems);
  const burst = positiveNumber(env, 'API_RATE_LIMIT_BURST', perSecond * 2, problems);
  const ttlHours = positiveNumber(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24, problems);
  if (problems.length) throw new ApiConfigError(problems);
  return { clients, rateLimit: { perSecond, burst }, idempotencyTtlMs: ttlHours * 3_600_000 };
}
