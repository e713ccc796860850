import { problem, type Problem } from './problem';

/** Node's socket errors when a dependency (the database, the registry) is not there. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * PostgreSQL SQLSTATEs of a database that is going away, starting or full: class 08 (connection
 * exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

const MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|not yet accepting connections|the database system is (starting up|shutting down|in recovery mode)|Connection terminated unexpectedly/i;

const RETRY_AFTER_SECONDS = 2;

function isUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string') {
    if (SOCKET_CODES.has(e.code) || e.code === 'REGISTRY.UNAVAILABLE') return true;
    if (/^[0-9A-Z]{5}$/.test(e.code) && unavailableSqlState(e.code)) return true;
  }
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return isUnavailable(e.driverError, depth + 1) || isUnavailable(e.cause, depth + 1);
}

/**
 * A dependency that is down for a while (the database restarting, the schema registry away) is a
 * 503 with Retry-After, not a 500: nothing was done, and the same request will work again.
 */
export function unavailableProblem(error: unknown): Problem | undefined {
  if (!isUnavailable(error)) return undefined;
  return problem(
    503,
    'SERVICE.UNAVAILABLE',
    'a dependency of this service is unavailable for the moment; nothing was changed, try again',
    { retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}
