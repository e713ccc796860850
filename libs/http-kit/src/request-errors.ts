import { problem, type Problem } from './problem';

/** An error of Express's body parser (http-errors): a client error it means to show. */
interface ParserError {
  status?: unknown;
  expose?: unknown;
  type?: unknown;
  message?: unknown;
}

const codes: Record<string, string> = {
  'entity.too.large': 'REQUEST.TOO_LARGE',
  'entity.parse.failed': 'REQUEST.MALFORMED_JSON',
  'encoding.unsupported': 'REQUEST.UNSUPPORTED_ENCODING',
  'charset.unsupported': 'REQUEST.UNSUPPORTED_CHARSET',
  'parameters.too.many': 'REQUEST.TOO_MANY_PARAMETERS',
};

/**
 * The body parser fails before any controller (413 for a body over the limit, 415 for an
 * unknown charset): its errors are plain http-errors, not Nest's, and would otherwise be 500s
 * or Nest's own JSON. Only exposed 4xx errors are mapped; anything else stays a 500.
 */
export function requestErrorProblem(error: unknown): Problem | undefined {
  const e = error as ParserError;
  if (error === null || typeof error !== 'object' || e.expose !== true) return undefined;
  if (typeof e.status !== 'number' || e.status < 400 || e.status > 499) return undefined;
  const code = codes[String(e.type)] ?? 'REQUEST.INVALID';
  return problem(e.status, code, String(e.message ?? 'the request cannot be read'));
}
