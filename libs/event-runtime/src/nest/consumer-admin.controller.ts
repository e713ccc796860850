import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CONSUMER_RUNNER_REF, type ConsumerRunnerRef } from './tokens';
import { isOffset, isPartition, parseRedelivery, unknownKeys } from './redelivery-request';
import { RequireScopes } from '@logisync/http-kit';

interface SeekRequest {
  topic?: unknown;
  partition?: unknown;
  offset?: unknown;
}

/** Operators (and the logisync CLI) pause, resume and seek this service's consumer here. */
@RequireScopes('ops:admin')
@Controller('admin/consumer')
export class ConsumerAdminController {
  constructor(@Inject(CONSUMER_RUNNER_REF) private readonly ref: ConsumerRunnerRef) {}

  @Get()
  status() {
    return this.runner().status();
  }

  @Post('pause')
  @HttpCode(200)
  pause() {
    this.runner().pause();
    return this.runner().status();
  }

  @Post('resume')
  @HttpCode(200)
  resume() {
    this.runner().resume();
    return this.runner().status();
  }

  @Post('seek')
  @HttpCode(200)
  async seek(@Body() body: SeekRequest) {
    const { topic, partition, offset } = body ?? {};
    if (
      typeof topic !== 'string' ||
      !isPartition(partition) ||
      !isOffset(offset) ||
      unknownKeys(body, ['topic', 'partition', 'offset']).length > 0
    ) {
      throw new BadRequestException(
        'Expected { topic: string, partition: integer, offset: non-negative integer string }',
      );
    }
    if (!this.runner().status().topics.includes(topic)) {
      throw new BadRequestException(`This service does not consume ${topic}`);
    }
    await this.runner().seek(topic, partition as number, String(offset));
    return this.runner().status();
  }

  /**
   * Re-delivers messages an operator read from the log (logisync replay --order): applied through
   * the inbox like consumed ones, without moving the group. Values are base64.
   */
  @Post('redeliver')
  @HttpCode(200)
  async redeliver(@Body() body: { messages?: unknown }) {
    if (unknownKeys(body ?? {}, ['messages']).length > 0) {
      throw new BadRequestException('Expected { messages: [1..500 messages] } and nothing else');
    }
    const messages = parseRedelivery(body?.messages, this.runner().status().topics);
    const outcome = await this.runner().redeliver(messages);
    const failure = outcome.failure;
    return {
      delivered: messages.length,
      done: outcome.done,
      failure: failure
        ? {
            errorClass: failure.errorClass,
            message: String((failure.error as Error)?.message ?? failure.error),
          }
        : null,
    };
  }

  private runner() {
    if (!this.ref.current) throw new BadRequestException('The consumer has not started yet');
    return this.ref.current;
  }
}
