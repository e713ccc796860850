import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/** The namespace of every name-based id this project derives (a fixed, random UUID). */
const LOGISYNC_NAMESPACE = '6f1d7c2e-3b8a-4f5e-9c41-2d7e8a9b0c13';

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of the namespace and the name): the same name
 * gives the same id on every machine and every replay.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An identity derived from what caused it, e.g. `derivedId(causeEventId, 'invoice')`: a replay
 * of the cause derives the same one, where a fresh random id would be a second identity for the
 * same fact.
 */
export function derivedId(...parts: string[]): string {
  return nameBasedUuid(LOGISYNC_NAMESPACE, parts.join('\u0000'));
}

interface DerivationScope {
  /** The events being applied: only events caused by one of them get a derived id. */
  causes: ReadonlySet<string>;
  ordinals: Map<string, number>;
}

const scope = new AsyncLocalStorage<DerivationScope>();

/**
 * Runs `work` (the application of the events `causes`) so that every event meta created in it
 * with one of them as its causationId gets a derived eventId: from the producer, the cause, the
 * event type and its ordinal among that cause's events of that type in this application. The
 * consumer runtime wraps each handler call in this; a replay of the cause then emits the same
 * eventIds, which every inbox skips and the relay of a recovered service does not publish again.
 */
export function deriveEventIdsWithin<T>(causes: Iterable<string>, work: () => T): T {
  return scope.run({ causes: new Set(causes), ordinals: new Map() }, work);
}

/** The derived eventId for a new event in the current scope, or undefined outside one. */
export function nextDerivedEventId(
  producer: string,
  causationId: string | null | undefined,
  eventType: string,
): string | undefined {
  const current = scope.getStore();
  if (!current || !causationId || !current.causes.has(causationId)) return undefined;
  const key = `${producer}\u0000${causationId}\u0000${eventType}`;
  const ordinal = current.ordinals.get(key) ?? 0;
  current.ordinals.set(key, ordinal + 1);
  return derivedId('event', producer, causationId, eventType, String(ordinal));
}
