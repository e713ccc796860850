/**
 * `logisync rebuild --no-compare --since <the run's start>`, as an operator runs it: the
 * service's own handlers on an empty shadow database, a group of its own starting at this run's
 * first events (the topics also hold every earlier run on this broker), relay off. Timed by the
 * CLI from the shadow's start to its last committed offset (its start-up is not counted);
 * applied and skipped apart from the shadow's inbox, so its applied/s is compared with the
 * live applied/s.
 */
import type { ServiceName } from '@logisync/canonical-events';
import { stackEndpoints } from '@logisync/test-kit';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REPO_ROOT } from '../../tools/system/services';

const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

interface Rebuilt {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  applied: number;
  skipped: number;
  deadLettered: number;
  appliedPerSecond: number;
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'tools', 'cli', 'bin', 'logisync.js'), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
          SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr: stderr.slice(-2_000),
        }),
    ),
  );
}

export async function measureRebuild(
  service: ServiceName,
  liveDatabaseUrl: string,
  since: Date,
  liveAppliedPerSecond: number | undefined,
  timeoutSeconds: number,
) {
  console.log(`  rebuild: ${service} from this run's first events into an empty database ...`);
  const { code, stdout, stderr } = await runCli([
    '--json',
    'rebuild',
    '--service',
    service,
    '--database-url',
    liveDatabaseUrl,
    '--no-compare',
    '--since',
    since.toISOString(),
    '--timeout',
    String(timeoutSeconds),
  ]);
  try {
    const out = JSON.parse(stdout) as { rebuilt?: Rebuilt; error?: string };
    if (!out.rebuilt) return { service, error: out.error ?? `exit ${code}` };
    const r = out.rebuilt;
    const ratio = round(
      liveAppliedPerSecond ? r.appliedPerSecond / liveAppliedPerSecond : undefined,
      2,
    );
    console.log(
      `    ${r.events} events read in ${r.seconds} s: ${r.applied} applied (${r.appliedPerSecond}/s, ` +
        `${ratio}x the live ${liveAppliedPerSecond}/s), ${r.skipped} skipped, ${r.deadLettered} dead-lettered`,
    );
    return {
      service,
      since: since.toISOString(),
      eventsRead: r.events,
      eventsApplied: r.applied,
      eventsSkipped: r.skipped,
      eventsDeadLettered: r.deadLettered,
      seconds: r.seconds,
      eventsReadPerSecond: r.eventsPerSecond,
      appliedPerSecond: r.appliedPerSecond,
      liveAppliedPerSecond,
      ratio,
    };
  } catch {
    return { service, error: `exit ${code}: ${stderr.trim()}` };
  }
}
