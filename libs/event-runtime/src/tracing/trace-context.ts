import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C trace context (traceparent `00-<trace id>-<parent id>-<flags>`) carried through a flow:
 * an HTTP request starts or continues a trace, the outbox writes it into the event's headers,
 * the consumer continues it around the handler, and whatever the handler writes to its outbox
 * carries it on. Logs about the work add the trace id.
 */
const storage = new AsyncLocalStorage<{ traceparent: string }>();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TRACEPARENT.exec(value);
  return !!m && !/^0+$/.test(m[1]) && !/^0+$/.test(m[2]);
}

/** A new trace, sampled. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The same trace, a new span: what a hop that continues `parent` sends on. */
export function childTraceparent(parent: string | undefined): string {
  if (!isTraceparent(parent)) return newTraceparent();
  const [, traceId, , flags] = TRACEPARENT.exec(parent)!;
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

export function traceIdOf(traceparent: string | undefined): string | undefined {
  return isTraceparent(traceparent) ? TRACEPARENT.exec(traceparent)![1] : undefined;
}

/** Runs `work` as a span continuing `parent` (or a new trace when there is none). */
export function runInTrace<T>(parent: string | undefined, work: () => T): T {
  return storage.run({ traceparent: childTraceparent(parent) }, work);
}

/** The traceparent of the span running now, if any. */
export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}

export function currentTraceId(): string | undefined {
  return traceIdOf(currentTraceparent());
}
