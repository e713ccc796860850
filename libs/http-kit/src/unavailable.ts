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
 * PostgreSQL SQLSTATEs of a database that is away, starting, stopping or out of resources:
 * class 08 (connection exception), class 53 (insufficient resources), 57P01-57P04 (operator
 * intervention: shutdown, cannot connect now, database dropped).
 */
const UNAVAILABLE_SQL_STATES = [/^08/, /^53/, /^57P0[1-4]$/];

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /connection (is )?(closed|ended)/i,
  /timeout exceeded when trying to connect/i,
  /not yet accepting connections/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

/** The error's codes and those it wraps (TypeORM's driverError, an Error's cause). */
export function errorCodesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return codes;
}

/**
 * Whether an error says a dependency is away for a while (the database restarting, the schema
 * registry unreachable): the same request will work again. The one definition used by the HTTP
 * side (503) and the event runtime's consumer loop (retry, never dead-letter).
 */
export function isDependencyUnavailable(error: unknown): boolean {
  const codes = errorCodesOf(error);
  if (codes.some((c) => SOCKET_CODES.has(c) || c === 'REGISTRY.UNAVAILABLE')) return true;
  if (connectsToMissingSocket(error)) return true;
  if (codes.some((c) => UNAVAILABLE_SQL_STATES.some((re) => re.test(c)))) return true;
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { message, driverError, cause } = e as Record<string, unknown>;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) {
      return true;
    }
    e = driverError ?? cause;
  }
  return false;
}

/**
 * A connection through a Unix socket whose file is not there (`connect ENOENT
 * /var/run/postgresql/.s.PGSQL.5432`): the server is stopped or restarting, as ECONNREFUSED
 * says over TCP. Only for `connect`: a missing file anywhere else is no such thing.
 */
function connectsToMissingSocket(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === 'ENOENT' && e.syscall === 'connect') return true;
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}

const RETRY_AFTER_SECONDS = 2;

/**
 * A dependency that is down for a while is a 503 with Retry-After, not a 500: nothing was done,
 * and the same request will work again.
 */
export function unavailableProblem(error: unknown): Problem | undefined {
  if (!isDependencyUnavailable(error)) return undefined;
  return problem(
    503,
    'SERVICE.UNAVAILABLE',
    'a dependency of this service is unavailable for the moment; nothing was changed, try again',
    { retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}
