import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AvroSchema } from './avro-json';

export const DOMAINS = [
  'billing',
  'carrier',
  'common',
  'ops',
  'order',
  'transport',
  'warehouse',
] as const;
export type Domain = (typeof DOMAINS)[number];

/**
 * Layout: `<domain>/<event-name>.v<N>.avsc` is one version of an event;
 * `<domain>/types/<type-name>.avsc` is one shared named type (unversioned).
 */
export interface SchemaFile {
  kind: 'event' | 'type';
  domain: Domain;
  /** PascalCase name the record inside must carry, derived from the kebab-case file name. */
  name: string;
  version?: number;
  /** Repository-relative path (absolute when outside the repository). */
  file: string;
  schema: AvroSchema;
}

const KEBAB = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const EVENT_FILE = new RegExp(`^(${KEBAB})\\.v([1-9][0-9]*)\\.avsc$`);
const TYPE_FILE = new RegExp(`^(${KEBAB})\\.avsc$`);

export function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}

/** Every .avsc under each path (a directory is walked; a file is taken as is). */
export function findSchemaFiles(paths: string[]): string[] {
  const found: string[] = [];
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) found.push(...walk(p));
    else found.push(p);
  }
  return found;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.avsc') ? [full] : [];
    });
}

/** Reads and classifies one file; returns a problem message instead when its place or name breaks the layout. */
export function readSchemaFile(absPath: string): SchemaFile | string {
  const file = displayPath(absPath);
  const base = path.basename(absPath);
  const parent = path.basename(path.dirname(absPath));
  const inTypes = parent === 'types';
  const domain = inTypes ? path.basename(path.dirname(path.dirname(absPath))) : parent;
  if (!(DOMAINS as readonly string[]).includes(domain)) {
    return `${file}: unknown domain folder '${domain}' (expected one of ${DOMAINS.join(', ')})`;
  }
  const match = inTypes ? TYPE_FILE.exec(base) : EVENT_FILE.exec(base);
  if (!match) {
    const expected = inTypes
      ? '<type-name>.avsc (kebab-case)'
      : '<event-name>.v<N>.avsc (kebab-case, N from 1)';
    return `${file}: file name must be ${expected}`;
  }
  let schema: AvroSchema;
  try {
    schema = JSON.parse(fs.readFileSync(absPath, 'utf8')) as AvroSchema;
  } catch (error) {
    return `${file}: not valid JSON: ${(error as Error).message}`;
  }
  const kind = inTypes ? 'type' : 'event';
  const version = inTypes ? undefined : Number(match[2]);
  return { kind, domain: domain as Domain, name: pascalCase(match[1]), version, file, schema };
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Repository-relative (so generated output never depends on the working directory), else absolute. */
export function displayPath(absPath: string): string {
  const rel = path.relative(REPO_ROOT, absPath).split(path.sep).join('/');
  return rel.startsWith('..') ? absPath : rel;
}
