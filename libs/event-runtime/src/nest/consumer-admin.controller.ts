import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CONSUMER_RUNNER_REF, type ConsumerRunnerRef } from './tokens';

interface SeekRequest {
  topic?: unknown;
  partition?: unknown;
  offset?: unknown;
}

/** Operators (and the logisync CLI) pause, resume and seek this service's consumer here. */
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
      !Number.isInteger(partition) ||
      !/^\d+$/.test(String(offset))
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

  private runner() {
    if (!this.ref.current) throw new BadRequestException('The consumer has not started yet');
    return this.ref.current;
  }
}
