import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequestContext } from './governance/request-context';
import { problem, ProblemException } from './problem';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Create the table with `idempotencyKeyTableSql` in one of the service's migrations. */
export const idempotencyKeyTableSql = `
  CREATE TABLE idempotency_key (
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response_status integer,
    response_body jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
  )`;

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** One claim in this many also deletes a batch of expired keys, so the table stays bounded. */
const PURGE_EVERY = 50;
let claims = 0;

/** Counts a claim; true for the one in PURGE_EVERY that also deletes a batch of expired keys. */
export function expiredKeysPurgeDue(): boolean {
  return ++claims % PURGE_EVERY === 0;
}

// A key is the client's opaque string; a long one would not fit the primary key's index entry
// (about 2.7 kB, a 500).
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Checks a key and scopes it to the calling client and the endpoint: two clients, or two
 * endpoints, never share a key. Both the one-statement claim and the transactional one use it.
 */
export function idempotencyScope(endpoint: string, key: string) {
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ProblemException(
      problem(
        400,
        'IDEMPOTENCY_KEY.INVALID',
        `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      ),
    );
  }
  const context = currentRequestContext();
  return { scope: `${context?.client?.client ?? '-'} ${endpoint}`, context };
}

/**
 * Claims a key in the caller's transaction. A second request with the key waits on the
 * primary key until the first commits, then gets its stored response; another body is a 422.
 * Keys belong to the API client that sent them (another client's same key is another key) and
 * are forgotten after the TTL (IDEMPOTENCY_KEY_TTL_HOURS).
 */
export async function claimIdempotencyKey(
  tx: EntityManager,
  endpoint: string,
  key: string,
  hash: string,
): Promise<StoredResponse | null> {
  const { scope, context } = idempotencyScope(endpoint, key);
  const expiredBefore = new Date(
    Date.now() - (context?.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS),
  );
  await tx.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND created_at < $3`, [
    scope,
    key,
    expiredBefore,
  ]);
  if (expiredKeysPurgeDue()) {
    await tx.query(
      `DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM idempotency_key WHERE created_at < $1 LIMIT 500))`,
      [expiredBefore],
    );
  }
  const inserted: unknown[] = await tx.query(
    `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING key`,
    [scope, key, hash],
  );
  if (inserted.length === 1) return null;
  const [row]: { request_hash: string; response_status: number; response_body: unknown }[] =
    await tx.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_key
       WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
  if (row.request_hash !== hash) {
    throw new ProblemException(
      problem(422, 'IDEMPOTENCY_KEY.REUSED', `Idempotency-Key ${key} was used with another body`),
    );
  }
  return { status: row.response_status, body: row.response_body };
}

export async function storeIdempotentResponse(
  tx: EntityManager,
  endpoint: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  const scope = `${currentRequestContext()?.client?.client ?? '-'} ${endpoint}`;
  await tx.query(
    `UPDATE idempotency_key SET response_status = $3, response_body = $4
     WHERE scope = $1 AND key = $2`,
    [scope, key, response.status, JSON.stringify(response.body)],
  );
}

/**
 * Runs `work` once per Idempotency-Key in `tx`: the same key with the same request gets the
 * first response again, another request a 422; without a key the work simply runs.
 */
export async function idempotent(
  tx: EntityManager,
  scope: string,
  key: string | undefined,
  request: unknown,
  work: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (key) {
    const stored = await claimIdempotencyKey(tx, scope, key, requestHash(request));
    if (stored) return stored;
  }
  const response = await work();
  if (key) await storeIdempotentResponse(tx, scope, key, response);
  return response;
}
