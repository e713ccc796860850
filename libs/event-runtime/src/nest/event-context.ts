import { BaseRpcContext, EventPattern } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type {
  EventEnvelope,
  SetHandlerContext as SetContext,
  HandlerContext,
} from '../consumer/consumed-event';

/** What an @EventPattern handler gets with @Ctx(): the envelope and the open transaction. */
export class EventContext extends BaseRpcContext<[HandlerContext]> {
  constructor(context: HandlerContext) {
    super([context]);
  }

  get tx(): EntityManager {
    return this.args[0].tx;
  }

  get envelope(): EventEnvelope {
    return this.args[0];
  }
}

/** What an @EventSetPattern handler gets with @Ctx(): the transaction of the whole set. */
export class EventSetContext extends BaseRpcContext<[SetContext]> {
  constructor(context: SetContext) {
    super([context]);
  }

  get tx(): EntityManager {
    return this.args[0].tx;
  }
}

/** The pattern key of the set handler; its declaration rides in the handler's extras. */
export const EVENT_SET_PATTERN = 'logisync.event-set';

export interface EventSetExtras {
  eventSet: { types: string[]; ownInbox: boolean };
}

/**
 * Declares the service's set handler: the method receives (with @Payload()) every event of the
 * listed types that a transaction holds, as SetEvent[] in set order, and (with @Ctx()) an
 * EventSetContext. See EventSetHandler for its contract and `ownInbox`.
 */
export function EventSetPattern(
  types: readonly string[],
  options: { ownInbox?: boolean } = {},
): MethodDecorator {
  const extras: EventSetExtras = {
    eventSet: { types: [...types], ownInbox: options.ownInbox ?? false },
  };
  return EventPattern(EVENT_SET_PATTERN, extras);
}
