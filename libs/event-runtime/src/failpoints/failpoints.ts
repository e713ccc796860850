/**
 * Fault-injection points for the chaos run (tools/chaos/run-chaos.ts). Every one is off unless
 * the environment variable LOGISYNC_FAILPOINT names it (comma-separated, read once at startup):
 *
 * - `relay-exit-after-send`: the outbox relay's process kills itself with SIGKILL right after
 *   the broker acknowledged a batch and before its rows are deleted, so the next relay sends
 *   the same events (same eventIds) again and consumers must deduplicate them. The line it
 *   prints names the events (`topic/eventId`): their outbox rows are gone once re-sent.
 * - `handler-stall[:ms]`: the first handler invocation of the process waits ms (default 35000,
 *   longer than a consumer session) before it runs, inside its transaction.
 *
 * Never set in production; the services start without it.
 */
export const FAILPOINT_ENV = 'LOGISYNC_FAILPOINT';

export interface FailpointSettings {
  relayExitAfterSend: boolean;
  /** 0 when off. */
  handlerStallMs: number;
}

export function parseFailpoints(value: string | undefined): FailpointSettings {
  const settings: FailpointSettings = { relayExitAfterSend: false, handlerStallMs: 0 };
  for (const item of (value ?? '').split(',').map((s) => s.trim())) {
    if (!item) continue;
    const [name, arg] = item.split(':');
    if (name === 'relay-exit-after-send') settings.relayExitAfterSend = true;
    else if (name === 'handler-stall') {
      const ms = arg === undefined ? 35_000 : Number(arg);
      if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${FAILPOINT_ENV}: bad stall '${arg}'`);
      settings.handlerStallMs = ms;
    } else throw new Error(`${FAILPOINT_ENV}: unknown failpoint '${name}'`);
  }
  return settings;
}

export interface FailpointEffects {
  /** How the process dies: SIGKILL to itself, as the operating system would kill it. */
  die(): void;
  sleep(ms: number): Promise<void>;
  /** One line on stderr (synchronous on a pipe), so the chaos run can find it in the log. */
  say(line: string): void;
}

const processEffects: FailpointEffects = {
  die: () => process.kill(process.pid, 'SIGKILL'),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  say: (line) => process.stderr.write(`${line}\n`),
};

export class Failpoints {
  private stalled = false;

  constructor(
    readonly settings: FailpointSettings,
    private readonly effects: FailpointEffects = processEffects,
  ) {}

  /** Called by the relay between the acknowledged send and the delete; events are `topic/eventId`. */
  afterRelaySend(service: string, ids: string[], events: string[]): void {
    if (!this.settings.relayExitAfterSend) return;
    this.effects.say(
      `failpoint relay-exit-after-send: ${service} sent ${ids.length} outbox rows, dying before deleting them: ids ${ids.join(',')} events ${events.join(',')}`,
    );
    this.effects.die();
  }

  /** Called before a handler runs; stalls the first invocation only. */
  async beforeHandler(service: string, eventType: string, eventId: string): Promise<void> {
    if (this.settings.handlerStallMs <= 0 || this.stalled) return;
    this.stalled = true;
    const ms = this.settings.handlerStallMs;
    this.effects.say(`failpoint handler-stall: ${service} stalls ${eventType} ${eventId} ${ms} ms`);
    await this.effects.sleep(ms);
    this.effects.say(`failpoint handler-stall: ${service} resumes ${eventType} ${eventId}`);
  }
}

/** The process's failpoints, from LOGISYNC_FAILPOINT. */
export const failpoints = new Failpoints(parseFailpoints(process.env[FAILPOINT_ENV]));
