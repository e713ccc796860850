import { Catch, type ExceptionFilter } from '@nestjs/common';
import { throwError } from 'rxjs';

/**
 * Set on the event handlers: global filters do not reach a connected microservice, so without
 * it Nest's default RPC filter turns every error into { status, message } and the consumer loop
 * could no longer tell a missing prerequisite (park) or a rejection (dead letter) from a bug.
 */
@Catch()
export class EventErrorFilter implements ExceptionFilter {
  catch(exception: unknown) {
    return throwError(() => exception);
  }
}
