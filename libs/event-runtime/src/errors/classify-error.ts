import { EventContractError } from '@logisync/canonical-events';
import { errorCodesOf, isDependencyUnavailable } from '@logisync/http-kit';
import {
  EventInSetError,
  NonRetriableError,
  PrerequisiteMissingError,
  RetriableError,
} from './handler-errors';

/**
 * poison: dead-letter at once. transient: retry with backoff for as long as it takes, never
 * dead-letter. park: wait for the prerequisite. unknown: a few attempts, then dead-letter,
 * so a handler bug never blocks its partition for ever.
 */
export type ErrorClass = 'poison' | 'transient' | 'park' | 'unknown';

// Beyond a dependency that is away (http-kit's one definition): serialization failures,
// deadlocks, lock timeouts and cancelled statements, which succeed when tried again.
const retryableSqlStates = new Set(['40001', '40P01', '55P03', '57014']);

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof EventInSetError) return classifyError(error.failure);
  if (error instanceof PrerequisiteMissingError) return 'park';
  if (error instanceof NonRetriableError) return 'poison';
  if (error instanceof RetriableError) return 'transient';
  if (error instanceof EventContractError) return error.retriable ? 'transient' : 'poison';
  if (isDependencyUnavailable(error)) return 'transient';
  if (errorCodesOf(error).some((c) => retryableSqlStates.has(c))) return 'transient';
  if ((error as { retriable?: unknown })?.retriable === true) return 'transient';
  return 'unknown';
}

export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'Error';
}
