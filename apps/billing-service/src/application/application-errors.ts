/** Not a domain rule: the thing asked for does not exist (404). */
export class NotFoundError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A request the API refuses before touching state (400/422 with a code). */
export class RequestRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRejectedError';
  }
}

/** The invoice is not in a state that allows the action (409, with the current state). */
export class ConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
