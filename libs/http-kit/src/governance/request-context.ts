import { AsyncLocalStorage } from 'node:async_hooks';

/** What the API knows about the request being served; set by the governance middleware and guard. */
export interface RequestContext {
  requestId: string;
  /** The authenticated client, once the guard has let the request in. */
  client?: { client: string; scopes: readonly string[] };
  idempotencyTtlMs: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
