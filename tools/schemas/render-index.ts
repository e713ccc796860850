import type { LoadedSchemas } from './load-schemas';
import { modulePath, tsNameOf } from './generated-files';

/** generated/index.ts: every module re-exported, plus the descriptors and the latest-version type map. */
export function renderIndex(loaded: LoadedSchemas, modules: string[]): string {
  const events = loaded.events;
  const latest = new Map(events.map((e) => [e.eventType, e]));
  const domains = [...new Set(events.map((e) => e.domain))].sort();
  const reexports = [...modules].sort().map((m) => `export * from './${m}';`);
  const schemaImports = events.map(
    (e) => `import { ${tsNameOf(e)}Schema } from './${modulePath(e, 'event')}';`,
  );
  const typeImports = [...latest.values()].map(
    (e) => `import type { ${tsNameOf(e)} } from './${modulePath(e, 'event')}';`,
  );
  const map = [...latest.keys()].sort().map((type) => `  ${type}: ${tsNameOf(latest.get(type)!)};`);
  const descriptors = events.map(
    (e) =>
      `  { eventType: '${e.eventType}', domain: '${e.domain}', fullName: '${e.fullName}', version: ${e.version}, schema: ${tsNameOf(e)}Schema },`,
  );
  return `${reexports.join('\n')}

${schemaImports.join('\n')}
${typeImports.join('\n')}

/** Domains owning at least one event; the namespace of an event is logisync.<domain>. */
export type Domain = ${domains.map((d) => `'${d}'`).join(' | ')};

/** Event type name -> TypeScript type of its LATEST schema version. */
export interface EventTypeMap {
${map.join('\n')}
}

export type EventType = keyof EventTypeMap;

/** One schema version of one event: the subject is fullName (record-name strategy). */
export interface EventSchemaDescriptor {
  eventType: EventType;
  domain: Domain;
  fullName: string;
  version: number;
  /** Self-contained Avro schema, ready for a registry or avsc's Type.forSchema. */
  schema: Record<string, unknown>;
}

/** Every version of every event, ordered by fullName then version. */
export const schemaDescriptors: readonly EventSchemaDescriptor[] = [
${descriptors.join('\n')}
];
`;
}
