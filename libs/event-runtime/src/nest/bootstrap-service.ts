import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceConfig } from '../config/service-config';
import { createRuntimeLogger } from '../logging/runtime-logger';
import { JsonNestLogger } from '../logging/nest-logger';
import { exportTraces } from '../tracing/trace-context';
import { connectEventTransport } from './connect-event-transport';

export interface ServiceBootstrap<C extends ServiceConfig> {
  /** The service's only reading of its environment. */
  loadConfig(): C;
  module(config: C): DynamicModule;
  /** After creation, before listening: OpenAPI and the like. */
  configure?(app: INestApplication): void;
  nestOptions?: NestApplicationOptions;
}

/**
 * Every service's main(): config, trace export, the Nest app with JSON logs, the event transport
 * (HTTP and consumer loop), shutdown hooks, listen. A start-up failure (bad configuration, a
 * broker refusing the credentials, a database that does not answer) is one JSON log line with
 * the reason and exit code 1, not an unhandled rejection's stack.
 */
export async function bootstrapService<C extends ServiceConfig>(
  service: string,
  o: ServiceBootstrap<C>,
): Promise<void> {
  try {
    const config = o.loadConfig();
    exportTraces(config.service, config.otlpEndpoint);
    const app = await NestFactory.create(o.module(config), {
      logger: new JsonNestLogger(config.service),
      ...o.nestOptions,
    });
    connectEventTransport(app);
    app.enableShutdownHooks();
    o.configure?.(app);
    await app.startAllMicroservices();
    await app.listen(config.port);
    stopWhenOrphaned(service);
  } catch (error) {
    createRuntimeLogger(service, 'info').error(
      { error: error instanceof Error ? error.name : typeof error },
      `${service} did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

/**
 * Under a process supervisor (npm start, the tests, the benchmark), LOGISYNC_PARENT_PID names it:
 * when it is gone (killed outright, so it could not stop its children) this service stops itself
 * through the usual SIGTERM path instead of running on as an orphan in the groups of the next
 * run. Not set in a deployment: nothing to watch.
 */
export function stopWhenOrphaned(
  service: string,
  parentPid = Number(process.env['LOGISYNC_PARENT_PID']),
  intervalMs = 1_000,
): NodeJS.Timeout | undefined {
  if (!Number.isInteger(parentPid) || parentPid <= 0) return undefined;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    createRuntimeLogger(service, 'info').warn(
      { parentPid, ppid: process.ppid },
      `${service}: the process that started it (pid ${parentPid}) is gone; stopping`,
    );
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
  return timer;
}
