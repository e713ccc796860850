import type { INestApplication } from '@nestjs/common';
import { EventTransportFactory } from './event-runtime.module';

/**
 * Connects the consumer loop to a Nest app that also serves HTTP. `inheritAppConfig` makes the
 * app's global filters reach event handlers; without it Nest's default RPC filter replaces
 * every handler error with a generic one, and the loop can no longer tell a missing
 * prerequisite (park) or a poison event (dead letter at once) from a transient failure (retry).
 */
export function connectEventTransport(app: INestApplication): void {
  app.connectMicroservice(
    { strategy: app.get(EventTransportFactory).create() },
    { inheritAppConfig: true },
  );
}
