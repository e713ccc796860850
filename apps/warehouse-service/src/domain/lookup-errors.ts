/**
 * Rejections about things rather than rules: an unknown id (404), a duplicate (409), a command
 * naming a SKU or warehouse nobody created (422), a command that does not fit the current state
 * (409 with it). Stable codes; the API maps each class to its status.
 */
export class LookupError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends LookupError {
  constructor(what: 'WAREHOUSE' | 'SKU' | 'ORDER' | 'SHIPMENT' | 'EXCEPTION', id: string) {
    super(`${what}.NOT_FOUND`, `${what.toLowerCase()} ${id} does not exist`, { id });
  }
}

export class AlreadyExistsError extends LookupError {
  constructor(what: 'WAREHOUSE' | 'SKU', id: string) {
    super(`${what}.ALREADY_EXISTS`, `${what.toLowerCase()} ${id} already exists`, { id });
  }
}

/** A well-formed command naming something that does not exist: a 422 naming it. */
export class UnknownReferenceError extends LookupError {
  constructor(what: 'WAREHOUSE' | 'SKU', ids: readonly string[]) {
    super(`${what}.UNKNOWN`, `unknown ${what.toLowerCase()}: ${ids.join(', ')}`, {
      [what === 'SKU' ? 'unknownSkus' : 'unknownWarehouses']: ids,
    });
  }
}

export class InvalidStateError extends LookupError {
  constructor(code: string, message: string, currentStatus: string, extra = {}) {
    super(code, message, { currentStatus, ...extra });
  }
}
