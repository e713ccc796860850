import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { OtlpExporter, type FinishedSpan } from './otlp-exporter';

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

let exporter: OtlpExporter | undefined;

/**
 * Turns span export on (`endpoint` set) or leaves it off; returns the exporter to flush at
 * shutdown. Called once by a service's main.ts with OTEL_EXPORTER_OTLP_ENDPOINT.
 */
export function exportTraces(
  service: string,
  endpoint: string | undefined,
): OtlpExporter | undefined {
  exporter = endpoint ? new OtlpExporter(endpoint, service) : undefined;
  return exporter;
}

/** Records a span whose end is known later than its work returns (an HTTP response). */
export function recordSpan(
  traceparent: string,
  parent: string | undefined,
  span: SpanInfo,
  startMs: number,
  ok: boolean,
): void {
  if (!exporter || !isTraceparent(traceparent)) return;
  const [, traceId, spanId] = TRACEPARENT.exec(traceparent)!;
  const parentSpanId = isTraceparent(parent) ? TRACEPARENT.exec(parent)![2] : undefined;
  exporter.record({
    traceId,
    spanId,
    parentSpanId,
    ...span,
    attributes: span.attributes ?? {},
    startMs,
    endMs: Date.now(),
    ok,
  });
}

export interface SpanInfo {
  name: string;
  kind: FinishedSpan['kind'];
  attributes?: Record<string, string | number>;
}

/**
 * Runs `work` as a span continuing `parent` (or a new trace when there is none). With export
 * on and `span` named, the finished span goes to the collector.
 */
export function runInTrace<T>(parent: string | undefined, work: () => T, span?: SpanInfo): T {
  const traceparent = childTraceparent(parent);
  const sink = span ? exporter : undefined;
  if (!sink || !span) return storage.run({ traceparent }, work);
  const [, traceId, spanId] = TRACEPARENT.exec(traceparent)!;
  const parentSpanId = isTraceparent(parent) ? TRACEPARENT.exec(parent)![2] : undefined;
  const startMs = Date.now();
  const finish = (ok: boolean) =>
    sink.record({
      traceId,
      spanId,
      parentSpanId,
      ...span,
      attributes: span.attributes ?? {},
      startMs,
      endMs: Date.now(),
      ok,
    });
  return storage.run({ traceparent }, () => {
    let result: T;
    try {
      result = work();
    } catch (error) {
      finish(false);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          finish(true);
          return value;
        },
        (error: unknown) => {
          finish(false);
          throw error;
        },
      ) as T;
    }
    finish(true);
    return result;
  });
}

/** The traceparent of the span running now, if any. */
export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}

export function currentTraceId(): string | undefined {
  return traceIdOf(currentTraceparent());
}
