/**
 * Every codec failure says whether trying again can help. A consumer dead-letters the
 * non-retriable ones at once and retries the others with backoff.
 */
export abstract class EventContractError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UndecodableEventError extends EventContractError {
  readonly code = 'EVENT.UNDECODABLE';
  readonly retriable = false;
}

export class UnknownSchemaIdError extends EventContractError {
  readonly code = 'EVENT.UNKNOWN_SCHEMA_ID';
  readonly retriable = false;

  constructor(
    readonly schemaId: number,
    options?: { cause?: unknown },
  ) {
    super(`The schema registry knows no schema with id ${schemaId}`, options);
  }
}

export class UnknownEventTypeError extends EventContractError {
  readonly code = 'EVENT.UNKNOWN_TYPE';
  readonly retriable = false;
}

export class SchemaNotRegisteredError extends EventContractError {
  readonly code = 'EVENT.SCHEMA_NOT_REGISTERED';
  readonly retriable = false;
}

export class InvalidEventError extends EventContractError {
  readonly code = 'EVENT.INVALID';
  readonly retriable = false;

  constructor(
    readonly eventType: string,
    readonly invalidPaths: string[],
  ) {
    super(`${eventType} does not match its schema at: ${invalidPaths.join(', ')}`);
  }
}

export class RegistryUnavailableError extends EventContractError {
  readonly code = 'REGISTRY.UNAVAILABLE';
  readonly retriable = true;
}
