import type { LoggerService } from '@nestjs/common';
import { createRuntimeLogger, type RuntimeLogger } from './runtime-logger';

/**
 * Nest's own log lines (startup, routes, errors) as the runtime's JSON lines: one format per
 * service, with the service name and, inside a traced span, the trace id.
 */
export class JsonNestLogger implements LoggerService {
  private readonly logger: RuntimeLogger;

  constructor(service: string, level = 'info') {
    this.logger = createRuntimeLogger(service, level);
  }

  log(message: unknown, context?: string) {
    this.logger.info(fields(context), text(message));
  }

  error(message: unknown, stackOrContext?: string, context?: string) {
    const stack = context ? stackOrContext : undefined;
    this.logger.error(
      { ...fields(context ?? (stack ? undefined : stackOrContext)), ...(stack ? { stack } : {}) },
      text(message),
    );
  }

  warn(message: unknown, context?: string) {
    this.logger.warn(fields(context), text(message));
  }

  debug(message: unknown, context?: string) {
    this.logger.debug(fields(context), text(message));
  }

  verbose(message: unknown, context?: string) {
    this.logger.debug(fields(context), text(message));
  }
}

function fields(context: string | undefined): object {
  return context ? { context } : {};
}

function text(message: unknown): string {
  if (message instanceof Error) return message.stack ?? message.message;
  return typeof message === 'string' ? message : JSON.stringify(message);
}
