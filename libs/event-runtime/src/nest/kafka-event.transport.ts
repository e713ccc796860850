import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EventHandler, EventSetDeclaration, HandlerTable } from '../consumer/consumed-event';
import type { ConsumerRunner } from '../consumer/consumer-runner';
import {
  EVENT_SET_PATTERN,
  EventContext,
  EventSetContext,
  type EventSetExtras,
} from './event-context';

export type ConsumerRunnerFactory = (
  handlers: HandlerTable,
  eventSet?: EventSetDeclaration,
) => ConsumerRunner;

/**
 * Lets handlers be plain @EventPattern('<EventType>') methods while the runtime's loop, not
 * Nest, decides transactions, commits, retries and dead letters: Nest only finds the handlers.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private runner?: ConsumerRunner;

  /** `beforeStart`: what must be done before the first event is applied (own-topic recovery). */
  constructor(
    private readonly beforeStart: () => Promise<unknown>,
    private readonly createRunner: ConsumerRunnerFactory,
  ) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      await this.beforeStart();
      this.runner = this.createRunner(this.handlerTable(), this.eventSet());
      await this.runner.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.runner?.stop();
  }

  on(): never {
    throw new Error('KafkaEventTransport emits no transport events; use the runtime metrics');
  }

  unwrap<T>(): T {
    return this.runner as T;
  }

  private handlerTable(): HandlerTable {
    const table = new Map<string, EventHandler>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler || pattern === EVENT_SET_PATTERN) continue;
      table.set(pattern, async (event, ctx) => {
        const result = await handler(event, new EventContext(ctx));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      });
    }
    return table;
  }

  /** The one @EventSetPattern method of the service, if it has one. */
  private eventSet(): EventSetDeclaration | undefined {
    const handler = this.messageHandlers.get(EVENT_SET_PATTERN);
    if (!handler?.isEventHandler) return undefined;
    // A second @EventSetPattern method would be chained behind the first by Nest: refuse it.
    if (handler.next) throw new Error('a service declares at most one @EventSetPattern handler');
    const declared = (handler.extras as EventSetExtras).eventSet;
    return {
      types: new Set(declared.types),
      ownInbox: declared.ownInbox,
      handle: async (events, ctx) => {
        let result = await handler(events, new EventSetContext(ctx));
        if (isObservable(result)) result = await lastValueFrom(result, { defaultValue: undefined });
        return result as ReadonlySet<string> | undefined;
      },
    };
  }
}
