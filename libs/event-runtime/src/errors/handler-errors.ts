/**
 * What a handler may throw to steer the consumer loop. Anything else is classified by
 * classify-error.ts: transient infrastructure failures are retried, the rest dead-lettered
 * after a few attempts.
 */

/** The event can never be applied (a business rule rejects it as malformed): dead-letter it. */
export class NonRetriableError extends Error {
  readonly retriable = false;
  constructor(
    message: string,
    readonly code = 'HANDLER.NON_RETRIABLE',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

/** A failure worth retrying as it is (a lock timeout, a remote hiccup). */
export class RetriableError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/**
 * The event depends on another event that has not been applied yet (billing sees a delivery
 * before the order's data). The loop parks it and applies it again right after an event of
 * `awaitingEventType` with Kafka key `awaitingKey` has been applied.
 */
export class PrerequisiteMissingError extends Error {
  constructor(
    readonly awaitingEventType: string,
    readonly awaitingKey: string,
    readonly reason = `waiting for ${awaitingEventType} of ${awaitingKey}`,
  ) {
    super(reason);
    this.name = 'PrerequisiteMissingError';
  }
}

/**
 * A set handler's failure that belongs to one event of its set: the runtime judges `failure` for
 * that event (park, dead letter, retry) and applies the rest of the set again without it.
 */
export class EventInSetError extends Error {
  constructor(
    readonly eventId: string,
    readonly failure: unknown,
  ) {
    super(`event ${eventId}: ${(failure as Error)?.message ?? String(failure)}`, {
      cause: failure,
    });
    this.name = 'EventInSetError';
  }
}

/** Runs `work` for one event of a set, naming that event in what it throws. */
export async function forEventInSet<T>(eventId: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EventInSetError) throw error;
    throw new EventInSetError(eventId, error);
  }
}
