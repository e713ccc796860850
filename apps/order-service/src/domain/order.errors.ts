/** A business rule said no; `code` is stable and part of the API. */
export class OrderDomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OrderDomainError';
  }
}

export class NotFoundError extends OrderDomainError {
  constructor(what: 'ORDER' | 'CUSTOMER' | 'EXCEPTION', id: string) {
    super(`${what}.NOT_FOUND`, `${what.toLowerCase()} ${id} does not exist`, { id });
  }
}

/** The command does not fit the current state (a 409 at the API). */
export class InvalidStateError extends OrderDomainError {
  constructor(code: string, message: string, currentStatus: string, extra = {}) {
    super(code, message, { currentStatus, ...extra });
  }
}

/** The command is well-formed but breaks a business rule (a 422 at the API). */
export class BusinessRuleError extends OrderDomainError {}
