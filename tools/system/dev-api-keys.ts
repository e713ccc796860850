import { generateApiKey, hashApiKey, type ApiClient } from '@logisync/http-kit';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The development key set: one client per kind of caller, with the scopes it needs. The keys are
 * random, made on the first `npm start` (or test run) on a machine and kept, readable by the
 * owner only, in .logisync/dev-api-keys.json; the services get only their SHA-256 (API_KEYS).
 */
export const DEV_CLIENTS: Record<string, string[]> = {
  erp: ['orders:write', 'orders:read'],
  'warehouse-floor': ['warehouse:operate', 'warehouse:read'],
  'transport-desk': ['transport:operate', 'transport:read'],
  carriers: ['carrier:*'],
  'billing-desk': ['billing:operate', 'billing:read'],
  operator: [
    'ops:admin',
    'exceptions:operate',
    'tower:read',
    'orders:read',
    'warehouse:read',
    'transport:read',
    'billing:read',
  ],
  // The simulated enterprise plays every role above but the operator's admin.
  simulator: [
    'orders:write',
    'orders:read',
    'warehouse:operate',
    'warehouse:read',
    'transport:operate',
    'transport:read',
    'carrier:*',
    'billing:operate',
    'billing:read',
    'exceptions:operate',
    'tower:read',
  ],
};

/** The simulator sends bursts of hundreds of calls a second; people and carriers get the default. */
const RATE_LIMITS: Record<string, ApiClient['rateLimit']> = {
  simulator: { perSecond: 5_000, burst: 10_000 },
};

export interface DevApiKeys {
  file: string;
  /** True when this call made the keys (print them once). */
  created: boolean;
  keys: Record<string, { key: string; scopes: string[] }>;
}

export const DEV_API_KEYS_FILE = join(__dirname, '..', '..', '.logisync', 'dev-api-keys.json');

/** Loads the development key set, making it (and any client added since) when missing. */
export function devApiKeys(file = DEV_API_KEYS_FILE): DevApiKeys {
  const stored: DevApiKeys['keys'] = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { clients: DevApiKeys['keys'] }).clients
    : {};
  let created = false;
  const keys: DevApiKeys['keys'] = {};
  for (const [client, scopes] of Object.entries(DEV_CLIENTS)) {
    const key = stored[client]?.key ?? generateApiKey();
    if (!stored[client]) created = true;
    keys[client] = { key, scopes };
  }
  if (created || JSON.stringify(stored) !== JSON.stringify(keys)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const text = `${JSON.stringify({ clients: keys }, null, 2)}\n`;
    try {
      // A first run makes the file only if no other run made it meanwhile; then that one counts.
      writeFileSync(file, text, { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return devApiKeys(file);
      throw error;
    }
    chmodSync(file, 0o600);
  }
  return { file, created, keys };
}

/** What the services read (API_KEYS): the clients with the hashes of their keys. */
export function apiKeysEnv(keys: DevApiKeys['keys']): string {
  const clients: ApiClient[] = Object.entries(keys).map(([client, { key, scopes }]) => ({
    client,
    keySha256: hashApiKey(key),
    scopes,
    ...(RATE_LIMITS[client] ? { rateLimit: RATE_LIMITS[client] } : {}),
  }));
  return JSON.stringify(clients);
}
