import { hashApiKey, loadApiGovernance } from '@logisync/http-kit';
import { runCli } from './support/run-cli';

describe('logisync keys new', () => {
  it('prints a key once and an API_KEYS entry holding only its hash, which the services accept', async () => {
    const run = await runCli([
      '--json',
      'keys',
      'new',
      '--client',
      'carrier-dhl',
      '--scopes',
      'carrier:DHL',
    ]);
    expect(run.code).toBe(0);
    const { key, entry } = JSON.parse(run.stdout) as {
      key: string;
      entry: { keySha256: string };
    };
    expect(entry).toEqual({
      client: 'carrier-dhl',
      keySha256: hashApiKey(key),
      scopes: ['carrier:DHL'],
    });
    expect(JSON.stringify(entry)).not.toContain(key);
    const options = loadApiGovernance({ API_KEYS: JSON.stringify([entry]) });
    expect(options.clients[0].client).toBe('carrier-dhl');
  });

  it('refuses a malformed client or scope with exit 2, naming both', async () => {
    const run = await runCli(['keys', 'new', '--client', 'a b', '--scopes', 'Orders write']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('client must be');
    expect(run.stderr).toContain('"Orders write" is not a scope');
  });
});
