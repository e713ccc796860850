import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AvroField, AvroObject } from './avro-json';
import { SCHEMAS_DIR } from './load-schemas';

/** A throwaway schema tree: a copy of the repository's schemas/ (or of nothing) with files added or replaced. */
const created: string[] = [];

export function schemaTree(
  files: Record<string, unknown>,
  options: { copyRepo?: boolean } = {},
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logisync-schemas-'));
  created.push(root);
  if (options.copyRepo ?? true) fs.cpSync(SCHEMAS_DIR, root, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (content === null) fs.rmSync(target);
    else
      fs.writeFileSync(
        target,
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
  }
  return root;
}

export function removeSchemaTrees(): void {
  for (const root of created.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

export function readRepoSchema(file: string): AvroObject & { fields: AvroField[] } {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, file), 'utf8'));
}

export const meta = { name: 'meta', type: 'logisync.common.EventMeta', doc: 'Envelope.' };
export const orderId = { name: 'orderId', type: 'string', doc: 'Key.' };

/** A minimal valid event record for the given domain and name, with extra fields appended. */
export function eventRecord(
  domain: string,
  name: string,
  fields: object[] = [],
): Record<string, unknown> {
  return {
    type: 'record',
    name,
    namespace: `logisync.${domain}`,
    doc: 'A test event.',
    fields: [meta, orderId, ...fields],
  };
}
