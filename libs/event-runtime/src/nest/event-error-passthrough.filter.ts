import { Catch } from '@nestjs/common';
import { ProblemDetailsFilter } from '@logisync/http-kit';

/**
 * Nest's default RPC filter replaces any non-RpcException with { status, message }, which
 * would hide the error class the consumer loop classifies on: event handlers' errors pass
 * through untouched. HTTP errors that reach no controller's filter (the body parser's 400 and
 * 413, unknown routes, the runtime's own endpoints) are problem+json like every other answer.
 */
@Catch()
export class EventErrorPassthroughFilter extends ProblemDetailsFilter {
  constructor() {
    super();
  }
}
