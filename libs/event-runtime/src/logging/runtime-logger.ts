import pino from 'pino';
import { currentTraceId } from '../tracing/trace-context';

/** The subset of pino the runtime uses; services pass their own pino instance. */
export interface RuntimeLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** JSON lines with the service name and, inside a traced span, its trace id. */
export function createRuntimeLogger(service: string, level = 'info'): RuntimeLogger {
  return pino({
    level,
    base: { service },
    mixin: () => {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
  });
}

export const silentLogger: RuntimeLogger = pino({ level: 'silent' });
