/**
 * A NestJS service on the runtime in a process of its own, for the SIGTERM test. Its handler
 * records an effect and writes a follow-up event to the outbox; it takes a few milliseconds so
 * a signal lands mid-stream. Prints "ready" once it has joined its group.
 */
import 'reflect-metadata';
import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { OrderHeldV1 } from '@logisync/canonical-events';
import { stackEndpoints } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import {
  CONSUMER_RUNNER_REF,
  EventContext,
  EventRuntimeModule,
  EventTransportFactory,
  createRuntimeLogger,
  OutboxWriter,
  silentLogger,
  type ConsumerRunnerRef,
} from '../../src';
import { orderEvent } from './order-events';
import { openDataSource } from './runtime-fixture';

const topicName = (name: string) => `${name}.${process.env.APP_TOPIC_SUFFIX}`;

@Controller()
class HeldReactions {
  constructor(@Inject(OutboxWriter) private readonly outbox: OutboxWriter) {}

  @EventPattern('OrderHeld')
  async onHeld(@Payload() event: OrderHeldV1, @Ctx() ctx: EventContext) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ctx.tx.query('INSERT INTO effect (event_id, event_type, order_id) VALUES ($1, $2, $3)', [
      ctx.envelope.eventId,
      'OrderHeld',
      event.orderId,
    ]);
    const released = orderEvent('OrderHoldReleased', event.orderId);
    released.meta.causationId = ctx.envelope.eventId;
    await this.outbox.add(ctx.tx, { eventType: 'OrderHoldReleased', event: released });
  }
}

async function main() {
  const dataSource = await openDataSource(process.env.APP_DATABASE_URL!);
  @Module({
    imports: [
      EventRuntimeModule.forRootAsync({
        useFactory: () => ({
          service: 'order-service',
          databaseUrl: process.env.APP_DATABASE_URL!,
          dataSource,
          kafka: { brokers: stackEndpoints.kafkaBrokers },
          registry: { url: stackEndpoints.registryUrl },
          consumer: {
            topics: [topicName('order.milestones.v1')],
            groupId: topicName('graceful-group'),
            deadLetterTopic: topicName('billing-service.dlq.v1'),
            maxEventsPerTransaction: 20,
          },
          metricsRegistry: new Registry(),
          topicName: (name) =>
            name === 'order.milestones.v1' ? topicName('follow-up') : topicName(name),
          logger: process.env.APP_LOG ? createRuntimeLogger('graceful', 'debug') : silentLogger,
        }),
      }),
    ],
    controllers: [HeldReactions],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false });
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get(EventTransportFactory).create() });
  await app.startAllMicroservices();
  await app.init();
  const ref = app.get<ConsumerRunnerRef>(CONSUMER_RUNNER_REF);
  const timer = setInterval(() => {
    if ((ref.current?.status().joins ?? 0) > 0) {
      process.stdout.write('ready\n');
      clearInterval(timer);
    }
  }, 50);
}

void main();
