// `npm start`, the main job: the local stack, the schemas and topics, the four services as
// separate processes (each runs its migrations at startup), then the simulated enterprise for
// --orders N with live progress, and a summary. Exit 0 only when every order reached a
// terminal state and the invariants held. Options after `--` go to the simulator as well.
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ProcessSupervisor } from './supervisor/process-supervisor';
import { REPO_ROOT, SERVICES, startSystem, type RunningService } from './system/services';
import { devApiKeys } from './system/dev-api-keys';
import { launchSimulator, type SimulatorProcess } from './system/simulator-process';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: npm start -- [--keep-running] [simulator options]

Brings up Kafka and the schema registry (npm run stack:up), registers the schemas, ensures the
topics, starts order-, warehouse-, transport-, billing-service and the control tower (ports ${SERVICES.map((s) => s.port).join(', ')}; logs in .logs/),
runs the simulator and prints a summary. At the end, or on Ctrl-C, it stops everything it
started (the stack too, if it was not already up: \`npm run stack:up\` first keeps one running).

  --keep-running   leave the services up after the run (until Ctrl-C)

Simulator options (npm run simulate -- --help for all of them):
  --orders <n> (200)  --rate <per second> (20)  --seed <n>  --no-trouble  --actor-delay <ms>`);
  process.exit(0);
}
const keepRunning = args.includes('--keep-running');
const simulatorArgs = args.filter((a) => a !== '--keep-running');
const logDir = join(REPO_ROOT, '.logs');
const supervisor = new ProcessSupervisor(logDir);
let simulator: SimulatorProcess<unknown> | undefined;
let stopping = false;

function step(title: string, command: string, commandArgs: string[]): void {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`logisync: "${title}" failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Set when this run brought the stack up: it stops it again on the way out. */
let stopStack: (() => Promise<void>) | undefined;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    simulator?.stop();
    console.log('\n== stopping the services');
    await supervisor.stopAll();
    if (stopStack) {
      console.log('== stopping the stack this run started (npm run stack:up keeps one running)');
      await stopStack();
    }
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

async function main(): Promise<void> {
  console.log('\n== stack: Kafka and the schema registry');
  const stack = await import('./stack/stack.mjs');
  try {
    const { startedNow } = await stack.ensureStackUp();
    if (startedNow) stopStack = () => stack.stackDown();
  } catch (error) {
    console.error(
      `logisync: the stack did not come up: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  }
  step('schemas: register every version', 'npx', ['tsx', 'tools/registry/register.ts']);
  step('topics: create what is missing', 'npx', ['tsx', 'tools/topics/ensure-topics.ts']);

  for (const service of SERVICES) {
    if (await portInUse(service.port)) {
      console.error(
        `logisync: port ${service.port} (${service.name}) is already in use; stop what runs there first.`,
      );
      process.exit(1);
    }
  }
  const dev = devApiKeys();
  if (dev.created) {
    console.log(
      `\n== API keys: a development key set, made now and shown this once (kept in ${dev.file})`,
    );
    for (const [client, { key, scopes }] of Object.entries(dev.keys)) {
      console.log(`   ${client.padEnd(16)} ${key}   ${scopes.join(' ')}`);
    }
  } else {
    console.log(
      `\n== API keys: the development key set in ${dev.file} (clients: ${Object.keys(dev.keys).join(', ')})`,
    );
  }
  console.log(`\n== services: starting as separate processes (logs in ${logDir})`);
  const started = Date.now();
  let running: RunningService[] = [];
  try {
    running = await startSystem(supervisor, { logDir });
    for (const s of running) console.log(`   ${s.name.padEnd(18)} ${s.baseUrl}`);
  } catch (error) {
    console.error(`logisync: ${error instanceof Error ? error.message : error}`);
    await shutdown(1);
  }
  console.log(`   ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const urls = [
    `control tower UI   http://127.0.0.1:3000/   (enter the operator key from ${dev.file})`,
    ...SERVICES.map(
      (s) =>
        `${s.name.padEnd(18)} docs http://127.0.0.1:${s.port}/docs   metrics http://127.0.0.1:${s.port}/metrics`,
    ),
  ];
  console.log('\n== simulator: the simulated enterprise');
  simulator = launchSimulator({
    args: [...simulatorArgs, '--url', ...urls],
    reportFile: join(logDir, 'last-run.json'),
    services: running,
    output: 'inherit',
  });
  const { exitCode: code } = await simulator.done;
  const crashed = supervisor.crashed();
  for (const p of crashed)
    console.error(`logisync: ${p.name} exited during the run; see ${p.logFile}`);
  const result = code === 0 && crashed.length === 0 ? 0 : code || 1;
  if (keepRunning && !stopping) {
    console.log('\nlogisync: the services keep running (--keep-running); Ctrl-C stops them.');
    return;
  }
  await shutdown(result);
}

void main();
