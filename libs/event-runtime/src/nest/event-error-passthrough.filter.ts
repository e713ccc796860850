import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

/**
 * Nest's default RPC filter replaces any non-RpcException with { status, message }, which
 * would hide the error class the consumer loop classifies on. Event handlers' errors pass
 * through untouched; HTTP errors keep Nest's usual handling.
 */
@Catch()
export class EventErrorPassthroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
