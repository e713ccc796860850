import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** Lints `code` as if it lived at `filePath`, through the same CLI `npm run lint` uses. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    'npx',
    ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules enforced by npm run lint', () => {
  beforeAll(() => {
    // The boundary rule reads Nx's project graph; computing it once makes it available.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  });

  it('refuses an app importing another app', async () => {
    const messages = await lintAs(
      'apps/order-service/src/leak.ts',
      "import { x } from '../../billing-service/src/x';\nexport const y = x;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('refuses contracts depending on the runtime', async () => {
    const messages = await lintAs(
      'libs/canonical-events/src/leak.ts',
      "import { x } from '@logisync/event-runtime';\nexport const y = x;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('refuses kafkajs in an app and frameworks in a domain layer', async () => {
    const inApp = await lintAs(
      'apps/billing-service/src/infrastructure/leak.ts',
      "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n",
    );
    expect(inApp.join('\n')).toMatch(/no-restricted-imports/);
    const inDomain = await lintAs(
      'apps/billing-service/src/domain/leak.ts',
      "import { Entity } from 'typeorm';\nexport const e = Entity;\n",
    );
    expect(inDomain.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('accepts an app using the shared libraries', async () => {
    const messages = await lintAs(
      'apps/order-service/src/ok.ts',
      "import { topicCatalogue } from '@logisync/canonical-events';\nexport const t = topicCatalogue;\n",
    );
    expect(messages).toEqual([]);
  });

  it('keeps the test kit out of production code but lets tests use it', async () => {
    const code = "import { waitFor } from '@logisync/test-kit';\nexport const w = waitFor;\n";
    const inSource = await lintAs('apps/order-service/src/uses-kit.ts', code);
    expect(inSource.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
    expect(await lintAs('apps/order-service/test/uses-kit.int-spec.ts', code)).toEqual([]);
  });
});
