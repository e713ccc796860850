import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EventHandler, HandlerTable } from '../consumer/consumed-event';
import type { ConsumerRunner } from '../consumer/consumer-runner';
import { EventContext } from './event-context';

export type ConsumerRunnerFactory = (handlers: HandlerTable) => ConsumerRunner;

/**
 * Lets handlers be plain @EventPattern('<EventType>') methods while the runtime's loop, not
 * Nest, decides transactions, commits, retries and dead letters: Nest only finds the handlers.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private runner?: ConsumerRunner;

  constructor(private readonly createRunner: ConsumerRunnerFactory) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      this.runner = this.createRunner(this.handlerTable());
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
      if (!handler.isEventHandler) continue;
      table.set(pattern, async (event, ctx) => {
        const result = await handler(event, new EventContext(ctx));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      });
    }
    return table;
  }
}
