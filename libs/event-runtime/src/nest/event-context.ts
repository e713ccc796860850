import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, HandlerContext } from '../consumer/consumed-event';

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
