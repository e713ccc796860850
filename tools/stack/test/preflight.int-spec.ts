// `stack up` refuses a bad environment before starting anything, naming the fix. Each case
// runs with a stack directory and ports of its own, so it never touches the running stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@logisync/test-kit';

const stackCli = path.resolve(__dirname, '../stack.mjs');

async function isolatedEnv(): Promise<Record<string, string>> {
  const [kafka, controller, registry, management] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  return {
    STACK_DIR: mkdtempSync(path.join(tmpdir(), 'stack-preflight-')),
    KAFKA_BROKERS: `127.0.0.1:${kafka}`,
    KAFKA_CONTROLLER_PORT: String(controller),
    SCHEMA_REGISTRY_URL: `http://127.0.0.1:${registry}/apis/ccompat/v7`,
    REGISTRY_MANAGEMENT_PORT: String(management),
  };
}

function up(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [stackCli, 'up'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('stack up preflight', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('names the port in use and the process holding it', async () => {
    const env = await isolatedEnv();
    dirs.push(env.STACK_DIR);
    const port = Number(env.KAFKA_BROKERS.split(':')[1]);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const { status, output } = up(env);
      expect(status).toBe(1);
      expect(output).toMatch(new RegExp(`port ${port} is in use by pid ${process.pid}`));
      expect(output).toMatch(/stack: fix:/);
    } finally {
      blocker.close();
    }
  });

  it('says PostgreSQL is unreachable and how to fix it', async () => {
    const env = await isolatedEnv();
    dirs.push(env.STACK_DIR);
    const closed = await freePort();
    const { status, output } = up({
      ...env,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/postgres`,
    });
    expect(status).toBe(1);
    expect(output).toMatch(
      new RegExp(`PostgreSQL is unreachable at postgres://postgres@127.0.0.1:${closed}`),
    );
    expect(output).toMatch(/stack: fix: .*DATABASE_URL/);
  });

  it('says Java is missing when no java is on the PATH', async () => {
    const env = await isolatedEnv();
    dirs.push(env.STACK_DIR);
    const bin = mkdtempSync(path.join(tmpdir(), 'no-java-'));
    dirs.push(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const { status, output } = up({ ...env, PATH: bin, JAVA_HOME: '' });
    expect(status).toBe(1);
    expect(output).toMatch(/Java not found/);
    expect(output).toMatch(/stack: fix:/);
  });
});
