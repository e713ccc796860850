import { AvroField, isObject } from './avro-json';
import type { SchemaFile } from './schema-files';

const META_TYPE = 'logisync.common.EventMeta';

/** Carrier events are keyed by tracking number, operator actions by their id, the rest by order. */
const keyFieldOf: Partial<Record<SchemaFile['domain'], string>> = {
  carrier: 'trackingNumber',
  ops: 'actionId',
};

/**
 * Every event starts with `meta`; milestone-topic events carry the Kafka key `orderId`, while carrier
 * events (carrier.events.v1) are keyed by `trackingNumber` and operator actions (ops.audit.v1)
 * by `actionId`.
 */
export function checkEventShape(file: SchemaFile): string[] {
  const fields: AvroField[] =
    isObject(file.schema) && Array.isArray(file.schema.fields) ? file.schema.fields : [];
  const problems: string[] = [];
  const first = fields[0];
  if (!first || first.name !== 'meta' || first.type !== META_TYPE) {
    problems.push(`${file.file}: the first field must be "meta" of type "${META_TYPE}"`);
  }
  const key = keyFieldOf[file.domain] ?? 'orderId';
  if (!fields.some((f) => f.name === key && f.type === 'string')) {
    problems.push(
      `${file.file}: needs a top-level "${key}" of type "string" (the Kafka key of its topic)`,
    );
  }
  return problems;
}

/** Versions of one event must run 1..N without gaps or duplicates: each is a registered schema version. */
export function checkVersions(files: SchemaFile[]): string[] {
  const byEvent = new Map<string, SchemaFile[]>();
  for (const file of files) {
    const name = `logisync.${file.domain}.${file.name}`;
    byEvent.set(name, [...(byEvent.get(name) ?? []), file]);
  }
  const problems: string[] = [];
  for (const [name, versions] of [...byEvent].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = versions.map((f) => f.version as number).sort((a, b) => a - b);
    const duplicates = versions.filter(
      (f, i) => versions.findIndex((g) => g.version === f.version) !== i,
    );
    for (const dup of duplicates)
      problems.push(`duplicate definition of ${name} v${dup.version} (again in ${dup.file})`);
    const missing = range(sorted[sorted.length - 1]).filter((v) => !sorted.includes(v));
    if (missing.length) {
      problems.push(
        `version gap: ${name} has ${sorted.map((v) => `v${v}`).join(', ')} but no ${missing.map((v) => `v${v}`).join(', ')}`,
      );
    }
  }
  return problems;
}

function range(max: number): number[] {
  return Array.from({ length: max }, (_, i) => i + 1);
}
