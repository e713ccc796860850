import { EventContractError } from '@logisync/canonical-events';
import { NonRetriableError, PrerequisiteMissingError, RetriableError } from './handler-errors';

/**
 * poison: dead-letter at once. transient: retry with backoff for as long as it takes, never
 * dead-letter. park: wait for the prerequisite. unknown: a few attempts, then dead-letter,
 * so a handler bug never blocks its partition for ever.
 */
export type ErrorClass = 'poison' | 'transient' | 'park' | 'unknown';

// Connection exceptions, operator intervention, resources, serialization and lock failures.
const transientSqlStates = [
  /^08/,
  /^53/,
  /^57P0[1-4]$/,
  /^40001$/,
  /^40P01$/,
  /^55P03$/,
  /^57014$/,
];
const transientNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const transientMessages = [
  /connection terminated/i,
  /connection (is )?(closed|ended)/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return codes;
}

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof PrerequisiteMissingError) return 'park';
  if (error instanceof NonRetriableError) return 'poison';
  if (error instanceof RetriableError) return 'transient';
  if (error instanceof EventContractError) return error.retriable ? 'transient' : 'poison';
  const codes = codesOf(error);
  if (codes.some((c) => transientNetworkCodes.has(c))) return 'transient';
  if (codes.some((c) => transientSqlStates.some((re) => re.test(c)))) return 'transient';
  if ((error as { retriable?: unknown })?.retriable === true) return 'transient';
  const message = error instanceof Error ? error.message : String(error);
  if (transientMessages.some((re) => re.test(message))) return 'transient';
  return 'unknown';
}

export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'Error';
}
