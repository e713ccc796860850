import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@logisync/test-kit';
import { startControlTower, type ControlTowerFixture } from './support/control-tower.fixture';

const run = promisify(execFile);
const stackCli = join(__dirname, '../../../tools/stack/stack.mjs');

async function readiness(baseUrl: string) {
  const response = await fetch(`${baseUrl}/health/ready`);
  return {
    status: response.status,
    body: (await response.json()) as { checks: Record<string, { status: string }> },
  };
}

describe('readiness when the broker stops', () => {
  let tower: ControlTowerFixture;

  beforeAll(async () => {
    tower = await startControlTower('readiness');
  });

  afterAll(async () => {
    await run(process.execPath, [stackCli, 'start', 'kafka'], { timeout: 120_000 });
    await tower?.close();
  });

  it('turns false with the broker named, and true again once it is back', async () => {
    expect((await readiness(tower.baseUrl)).status).toBe(200);
    await run(process.execPath, [stackCli, 'stop', 'kafka'], { timeout: 120_000 });
    await waitFor(async () => (await readiness(tower.baseUrl)).status === 503, {
      description: 'readiness false',
      timeoutMs: 30_000,
    });
    const down = await readiness(tower.baseUrl);
    expect(down.body.checks.broker.status).toBe('down');
    expect(down.body.checks.database.status).toBe('up');
    expect((await fetch(`${tower.baseUrl}/health/live`)).status).toBe(200);

    await run(process.execPath, [stackCli, 'start', 'kafka'], { timeout: 120_000 });
    await waitFor(async () => (await readiness(tower.baseUrl)).status === 200, {
      description: 'readiness true again',
      timeoutMs: 90_000,
    });
  });
});
