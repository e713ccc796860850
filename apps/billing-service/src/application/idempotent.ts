import {
  claimIdempotencyKey,
  requestHash,
  storeIdempotentResponse,
  type StoredResponse,
} from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';

/** With an Idempotency-Key the same request gets the first response again (in `tx`). */
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
