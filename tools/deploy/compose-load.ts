import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { RepoFiles } from './repo-files';

export type ComposeDoc = Record<string, unknown> & {
  services?: Record<string, ComposeService>;
};

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target?: number })[];
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  profiles?: string[];
}

/** Compose interpolation with an empty environment: ${VAR:-default} becomes its default. */
export function interpolate(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
        (_m, _name, fallback) => fallback ?? '',
      )
      .replace(/\$\$/g, '$');
  }
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  }
  return value;
}

export function parseCompose(text: string): ComposeDoc {
  // merge: the << keys the file uses for its x- fragments, as Compose resolves them.
  return interpolate(parse(text, { merge: true }) ?? {}) as ComposeDoc;
}

/**
 * The part of Compose's merge rules the override files use: mappings merge key by key,
 * anything else (scalars, sequences) is replaced by the override's value.
 */
export function mergeCompose(base: unknown, override: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(base) || !isMap(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeCompose(base[key], value);
  return out;
}

export function loadCompose(files: RepoFiles, file: string, overrides: string[] = []): ComposeDoc {
  return overrides.reduce(
    (doc, o) => mergeCompose(doc, parseCompose(files.read(o))) as ComposeDoc,
    parseCompose(files.read(file)),
  );
}

/** The Compose specification's JSON schema, as shipped by the dclint package. */
export function composeSchemaPath(): string {
  return path.join(
    path.dirname(require.resolve('dclint/package.json')),
    'schemas',
    'compose.schema.json',
  );
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Schema errors as "path: message" lines; none when the document is valid. */
export function composeSchemaErrors(doc: ComposeDoc): string[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(composeSchemaPath(), 'utf8'));
    delete schema.$schema; // draft-07 under an https id Ajv does not know; draft-07 is its default
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e) => {
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${e.instancePath || '/'} ${e.message}${extra ? `: '${extra}'` : ''}`;
  });
}

/** environment as a map, whichever of the two spellings a service uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

export function dockerfileOfService(service: ComposeService): string | undefined {
  return typeof service.build === 'object' ? service.build.dockerfile : undefined;
}

/** Container ports of a service's `ports` entries (short or long syntax). */
export function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) =>
    typeof p === 'object' ? Number(p.target) : Number(String(p).split(':').pop()?.split('/')[0]),
  );
}
