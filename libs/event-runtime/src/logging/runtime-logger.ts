import pino from 'pino';

/** The subset of pino the runtime uses; services pass their own pino instance. */
export interface RuntimeLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export function createRuntimeLogger(service: string, level = 'info'): RuntimeLogger {
  return pino({ level, base: { service } });
}

export const silentLogger: RuntimeLogger = pino({ level: 'silent' });
