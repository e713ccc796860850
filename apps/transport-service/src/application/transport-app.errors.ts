/**
 * Errors of the application layer beside the domain's TransportError: an unknown id (404),
 * a wrong state (409, with the current state) and a broken rule naming the unknown thing (422).
 */
export class TransportAppError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TransportAppError';
  }
}

export function notFound(entity: string, id: string): TransportAppError {
  return new TransportAppError(404, `${entity}.NOT_FOUND`, `no ${entity.toLowerCase()} ${id}`, {
    id,
  });
}
