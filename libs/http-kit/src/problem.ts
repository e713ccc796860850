import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** Dotted path of the field in the request body, e.g. `lines.0.quantity`. */
  field: string;
  messages: string[];
}

/** RFC 9457 problem details, with a stable `code` and, for bad input, every invalid field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemContentType = 'application/problem+json';

/** Throw this to answer with a problem document as it is. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `urn:problem:${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: code,
    status,
    detail,
    code,
    ...extensions,
  };
}
