import * as path from 'node:path';
import * as avro from 'avsc';
import { AvroObject, isNamedDefinition } from './avro-json';
import { inlineSchema } from './inline-schema';
import { Domain, REPO_ROOT, SchemaFile, findSchemaFiles, readSchemaFile } from './schema-files';
import { Definition, FileScan, scanFile } from './schema-rules';
import { checkEventShape, checkVersions } from './event-rules';

export { REPO_ROOT };
export const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');

export interface EventSchema {
  eventType: string;
  domain: Domain;
  fullName: string;
  version: number;
  file: string;
  /** Self-contained: usable alone by any Avro library or registry. */
  schema: AvroObject;
}

export interface SharedType {
  name: string;
  domain: Domain;
  fullName: string;
  file: string;
  schema: AvroObject;
}

export interface LoadedSchemas {
  events: EventSchema[];
  sharedTypes: SharedType[];
}

export interface LoadOptions {
  /** Schema tree to load; defaults to the repository's schemas/. */
  root?: string;
  /** More files or directories laid out like schemas/ (e.g. a test fixture), loaded beside the root. */
  extra?: string[];
}

export class SchemaLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} schema problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SchemaLoadError';
  }
}

interface Scanned {
  file: SchemaFile;
  scan: FileScan;
}

/** Loads, validates and resolves every schema; throws SchemaLoadError listing every problem found. */
export function loadSchemas(options: LoadOptions = {}): LoadedSchemas {
  const paths = [options.root ?? SCHEMAS_DIR, ...(options.extra ?? [])].map((p) => path.resolve(p));
  const problems: string[] = [];
  const scanned: Scanned[] = [];
  for (const absPath of findSchemaFiles(paths)) {
    const file = readSchemaFile(absPath);
    if (typeof file === 'string') problems.push(file);
    else scanned.push({ file, scan: scanFile(file) });
  }
  for (const { file, scan } of scanned)
    problems.push(...checkFileHead(file, scan), ...scan.problems);
  const shared = collectShared(scanned, problems);
  checkLocals(scanned, shared, problems);
  checkReferences(scanned, shared, problems);
  const eventFiles = scanned.filter((s) => s.file.kind === 'event');
  for (const { file } of eventFiles) problems.push(...checkEventShape(file));
  problems.push(...checkVersions(eventFiles.map((s) => s.file)));
  if (problems.length) throw new SchemaLoadError(problems);
  return resolveAll(scanned, shared);
}

function checkFileHead(file: SchemaFile, scan: FileScan): string[] {
  const head = file.schema;
  const wantKinds = file.kind === 'event' ? ['record'] : ['record', 'enum', 'fixed'];
  if (!isNamedDefinition(head) || !wantKinds.includes(head.type as string)) {
    return [`${file.file}: the file must hold one ${wantKinds.join(' or ')} definition at the top`];
  }
  const problems: string[] = [];
  if (head.name !== file.name) {
    problems.push(
      `${file.file}: file name/record name mismatch: the file defines ${head.name}, its name says ${file.name}`,
    );
  }
  if (head.namespace !== `logisync.${file.domain}`) {
    problems.push(
      `${file.file}: the top-level type must declare "namespace": "logisync.${file.domain}"`,
    );
  }
  if (file.kind === 'type' && scan.definitions.length > 1) {
    const nested = scan.definitions.slice(1).map((d) => d.fullName);
    problems.push(
      `${file.file}: a type file defines exactly one named type; move ${nested.join(', ')} to its own file under types/`,
    );
  }
  return problems;
}

function collectShared(
  scanned: Scanned[],
  problems: string[],
): Map<string, { def: Definition; file: SchemaFile }> {
  const shared = new Map<string, { def: Definition; file: SchemaFile }>();
  for (const { file, scan } of scanned.filter((s) => s.file.kind === 'type')) {
    const def = scan.definitions[0];
    if (!def) continue;
    const previous = shared.get(def.fullName);
    if (previous)
      problems.push(
        `duplicate definition of ${def.fullName} in ${previous.file.file} and ${file.file}`,
      );
    else shared.set(def.fullName, { def, file });
  }
  return shared;
}

/** A type defined inside an event file belongs to that event: its versions may redefine it, nobody else may. */
function checkLocals(
  scanned: Scanned[],
  shared: Map<string, { file: SchemaFile }>,
  problems: string[],
): void {
  const owners = new Map<string, SchemaFile>();
  for (const { file, scan } of scanned.filter((s) => s.file.kind === 'event')) {
    for (const def of scan.definitions) {
      const sharedOne = shared.get(def.fullName);
      const owner = owners.get(def.fullName);
      if (sharedOne)
        problems.push(
          `duplicate definition of ${def.fullName} in ${file.file}: it is a shared type defined in ${sharedOne.file.file}`,
        );
      else if (owner && eventName(owner) !== eventName(file))
        problems.push(`duplicate definition of ${def.fullName} in ${owner.file} and ${file.file}`);
      else owners.set(def.fullName, file);
    }
  }
}

function eventName(file: SchemaFile): string {
  return `logisync.${file.domain}.${file.name}`;
}

function checkReferences(
  scanned: Scanned[],
  shared: Map<string, unknown>,
  problems: string[],
): void {
  for (const { file, scan } of scanned) {
    const local = new Set(scan.definitions.map((d) => d.fullName));
    for (const ref of scan.references) {
      if (local.has(ref.fullName)) continue;
      const at = ref.at ? ` at '${ref.at}'` : '';
      if (!shared.has(ref.fullName))
        problems.push(`${file.file}: unknown type reference ${ref.fullName}${at}`);
      else if (!ref.written.includes('.'))
        problems.push(`${file.file}: refer to shared type ${ref.fullName} by its full name${at}`);
    }
  }
}

function resolveAll(
  scanned: Scanned[],
  shared: Map<string, { def: Definition; file: SchemaFile }>,
): LoadedSchemas {
  const problems: string[] = [];
  const resolve = ({ file, scan }: Scanned): AvroObject => {
    const local = new Map(scan.definitions.map((d) => [d.fullName, d]));
    const schema = inlineSchema(
      file.schema as AvroObject,
      (n) => local.get(n) ?? shared.get(n)?.def,
    );
    try {
      avro.Type.forSchema(schema as avro.Schema);
    } catch (error) {
      problems.push(`${file.file}: avsc rejects the resolved schema: ${(error as Error).message}`);
    }
    return schema;
  };
  const byName = (a: { fullName: string }, b: { fullName: string }) =>
    a.fullName.localeCompare(b.fullName);
  const sharedTypes = scanned
    .filter((s) => s.file.kind === 'type')
    .map((s) => ({ name: s.file.name, ...describe(s.file), schema: resolve(s) }))
    .sort(byName);
  const events = scanned
    .filter((s) => s.file.kind === 'event')
    .map((s) => ({
      ...describe(s.file),
      eventType: s.file.name,
      version: s.file.version as number,
      schema: resolve(s),
    }))
    .sort((a, b) => byName(a, b) || a.version - b.version);
  if (problems.length) throw new SchemaLoadError(problems);
  return { events, sharedTypes };
}

function describe(file: SchemaFile) {
  return { domain: file.domain, fullName: eventName(file), file: file.file };
}
