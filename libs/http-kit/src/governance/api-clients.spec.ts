import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiConfigError, generateApiKey, hashApiKey, loadApiGovernance } from './api-clients';

const hash = hashApiKey('key-1');
const clients = (entries: unknown) => ({ API_KEYS: JSON.stringify(entries) });

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadApiGovernance(env);
  } catch (error) {
    if (error instanceof ApiConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadApiGovernance', () => {
  it('reads clients, the default rate limit and the idempotency TTL', () => {
    const options = loadApiGovernance({
      ...clients([{ client: 'erp', keySha256: hash, scopes: ['orders:write'] }]),
      API_RATE_LIMIT_PER_SECOND: '5',
      IDEMPOTENCY_KEY_TTL_HOURS: '2',
    });
    expect(options.clients).toEqual([{ client: 'erp', keySha256: hash, scopes: ['orders:write'] }]);
    expect(options.rateLimit).toEqual({ perSecond: 5, burst: 10 });
    expect(options.idempotencyTtlMs).toBe(7_200_000);
  });

  it('reads the same list from API_KEYS_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'api-keys-')), 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([{ client: 'ops', keySha256: hash, scopes: ['ops:admin'] }]),
    );
    expect(loadApiGovernance({ API_KEYS_FILE: file }).clients[0].client).toBe('ops');
    expect(problemsOf({ API_KEYS_FILE: `${file}.missing` })[0]).toMatch(/cannot be read: ENOENT/);
  });

  it('has no client and the defaults without configuration', () => {
    expect(loadApiGovernance({})).toEqual({
      clients: [],
      rateLimit: { perSecond: 100, burst: 200 },
      idempotencyTtlMs: 86_400_000,
    });
  });

  it('names every problem, and never echoes the configuration text', () => {
    const problems = problemsOf({
      ...clients([
        { client: 'a b', keySha256: 'not-a-hash', scopes: [] },
        { client: 'ok', keySha256: hash, scopes: ['Orders write'], rateLimit: { perSecond: 0 } },
        { client: 'ok', keySha256: hash, scopes: ['orders:read'] },
      ]),
      API_RATE_LIMIT_BURST: '-1',
    });
    expect(problems).toEqual([
      expect.stringMatching(/API_KEYS\[0\]\.client/),
      expect.stringMatching(/API_KEYS\[0\]\.keySha256/),
      expect.stringMatching(/API_KEYS\[0\]\.scopes must be a non-empty array/),
      expect.stringMatching(/API_KEYS\[1\]\.scopes: "Orders write"/),
      expect.stringMatching(/API_KEYS\[1\]\.rateLimit/),
      expect.stringMatching(/API_KEYS\[2\]\.client ok is repeated/),
      expect.stringMatching(/API_KEYS\[2\]\.keySha256 is repeated/),
      expect.stringMatching(/API_RATE_LIMIT_BURST/),
    ]);
    const secret = 'lsk_planted-secret-value';
    expect(problemsOf({ API_KEYS: `[${secret}` }).join(' ')).not.toContain(secret);
  });

  it('generates keys that differ and hashes them to 64 hex digits', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^lsk_[A-Za-z0-9_-]{32}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
