import type { EntityManager } from 'typeorm';
import { sqlParam } from './command-statement';
import {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  expiredKeysPurgeDue,
  idempotencyScope,
  requestHash,
  type StoredResponse,
} from './idempotency';
import { problem, ProblemException } from './problem';

/** What a read statement found under the key, through `IdempotencyClaim.selectSql`. */
export interface FoundKey {
  hash: string;
  status: number | null;
  body: unknown;
  expired: boolean;
}

/**
 * An Idempotency-Key for a command that reads, decides, then writes everything in one
 * statement: the key is read with the state (`selectSql`) and inserted, with its answer, by the
 * write (`insertSql`). The same key with the same request gets the first answer again, another
 * request a 422; keys belong to the API client that sent them and are forgotten after the TTL.
 * A plain INSERT, not ON CONFLICT: when a concurrent request with the key committed first, the
 * unique violation aborts the whole write statement, and `isTakenBy` tells the command to read
 * again, where it finds that request's answer.
 */
export class IdempotencyClaim {
  readonly scope: string;
  readonly hash: string;
  private readonly expiredBefore: Date;

  constructor(
    endpoint: string,
    readonly key: string,
    request: unknown,
  ) {
    const { scope, context } = idempotencyScope(endpoint, key);
    this.scope = scope;
    this.hash = requestHash(request);
    const ttl = context?.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    this.expiredBefore = new Date(Date.now() - ttl);
  }

  /** A scalar subquery for a read statement: the key's row as `FoundKey` JSON, or null. */
  selectSql(params: unknown[]): string {
    return `(SELECT json_build_object('hash', request_hash, 'status', response_status,
        'body', response_body, 'expired', created_at < ${sqlParam(params, this.expiredBefore)})
      FROM idempotency_key
      WHERE scope = ${sqlParam(params, this.scope)} AND key = ${sqlParam(params, this.key)})`;
  }

  /**
   * The first answer when the key was used with this request, null when it is free (an expired
   * key is free once `deleteExpiredSql` ran), a 422 when another request used it.
   */
  storedResponse(found: FoundKey | null): StoredResponse | null {
    if (!found || found.expired) return null;
    if (found.hash !== this.hash) {
      throw new ProblemException(
        problem(
          422,
          'IDEMPOTENCY_KEY.REUSED',
          `Idempotency-Key ${this.key} was used with another body`,
        ),
      );
    }
    return { status: found.status ?? 200, body: found.body };
  }

  /**
   * When the read found the key expired, deletes it in a statement of its own (a rare extra
   * round trip), so the write can claim it again.
   */
  async forgetExpired(tx: EntityManager, found: FoundKey | null | undefined): Promise<void> {
    if (!found?.expired) return;
    const params: unknown[] = [];
    await tx.query(
      `DELETE FROM idempotency_key WHERE scope = ${sqlParam(params, this.scope)}
       AND key = ${sqlParam(params, this.key)}
       AND created_at < ${sqlParam(params, this.expiredBefore)}`,
      params,
    );
  }

  /**
   * Members of the write statement's WITH: the key with its answer, inserted when `gate` (a
   * WITH member of the same statement) returned a row; now and then a purge of expired keys.
   */
  insertSql(params: unknown[], response: StoredResponse, gate?: string): string[] {
    const where = gate ? `WHERE EXISTS (SELECT FROM ${gate})` : '';
    const members = [
      `idempotency_claimed AS (
        INSERT INTO idempotency_key (scope, key, request_hash, response_status, response_body)
        SELECT ${sqlParam(params, this.scope)}, ${sqlParam(params, this.key)},
          ${sqlParam(params, this.hash)}, ${sqlParam(params, response.status)}::int,
          ${sqlParam(params, JSON.stringify(response.body))}::jsonb ${where})`,
    ];
    if (expiredKeysPurgeDue()) {
      members.push(`idempotency_purged AS (
        DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM idempotency_key
          WHERE created_at < ${sqlParam(params, this.expiredBefore)} LIMIT 500)))`);
    }
    return members;
  }

  /** True when `error` is the write statement failing because a concurrent request took the key. */
  static isTakenBy(error: unknown): boolean {
    const e = error as { code?: unknown; constraint?: unknown; driverError?: typeof e };
    const { code, constraint } = e?.driverError ?? e ?? {};
    return code === '23505' && constraint === 'idempotency_key_pkey';
  }
}
