import {
  AvroField,
  AvroObject,
  AvroSchema,
  PRIMITIVES,
  definitionNamespace,
  isNamedDefinition,
  isObject,
  qualify,
  simpleName,
} from './avro-json';
import type { Definition } from './schema-rules';

const DEFINITION_KEYS = [
  'type',
  'name',
  'namespace',
  'doc',
  'aliases',
  'fields',
  'symbols',
  'default',
  'size',
];
const FIELD_KEYS = ['name', 'doc', 'type', 'default', 'aliases', 'order'];

/**
 * A self-contained copy of `root`: every referenced named type is written out in full at its first
 * use (depth-first, field order) and by full name afterwards, as Avro parsers in every language expect.
 * Definitions always carry an explicit namespace so none depends on where it was inlined.
 */
export function inlineSchema(
  root: AvroObject,
  lookup: (fullName: string) => Definition | undefined,
): AvroObject {
  const emitted = new Set<string>();

  function emitType(node: AvroSchema, namespace: string): AvroSchema {
    if (typeof node === 'string') return emitName(node, namespace);
    if (Array.isArray(node)) return node.map((branch) => emitType(branch, namespace));
    if (!isObject(node)) throw new Error(`not a schema: ${JSON.stringify(node)}`);
    if (isNamedDefinition(node)) return emitDefinition(node, namespace);
    if (typeof node.type !== 'string') return emitType(node.type, namespace);
    if (node.type === 'array')
      return { type: 'array', items: emitType(node.items as AvroSchema, namespace) };
    if (node.type === 'map')
      return { type: 'map', values: emitType(node.values as AvroSchema, namespace) };
    if (node.logicalType !== undefined) return { type: node.type, logicalType: node.logicalType };
    return emitName(node.type, namespace);
  }

  function emitName(name: string, namespace: string): AvroSchema {
    if (PRIMITIVES.has(name)) return name;
    const fullName = qualify(name, namespace);
    if (emitted.has(fullName)) return fullName;
    const def = lookup(fullName);
    if (!def) throw new Error(`unknown type ${fullName}`);
    return emitDefinition(def.schema, def.enclosingNamespace);
  }

  function emitDefinition(def: AvroObject, enclosing: string): AvroSchema {
    const fullName = qualify(def.name as string, def.namespace ?? enclosing);
    if (emitted.has(fullName)) return fullName;
    emitted.add(fullName);
    const namespace = definitionNamespace(def, enclosing);
    const out: AvroObject = { type: def.type, name: simpleName(fullName), namespace, doc: def.doc };
    if (def.aliases) out.aliases = def.aliases;
    if (def.fields) out.fields = def.fields.map((field) => emitField(field, namespace));
    if (def.symbols) out.symbols = def.symbols;
    if ('default' in def) out.default = def.default;
    if (def.size !== undefined) out.size = def.size;
    return withExtras(out, def, DEFINITION_KEYS);
  }

  function emitField(field: AvroField, namespace: string): AvroField {
    const out: AvroField = {
      name: field.name,
      doc: field.doc,
      type: emitType(field.type, namespace),
    };
    if ('default' in field) out.default = field.default;
    if (field.aliases) out.aliases = field.aliases;
    if (field.order !== undefined) out.order = field.order;
    return withExtras(out, field, FIELD_KEYS);
  }

  const result = emitType(root, '');
  if (!isObject(result)) throw new Error('the top-level schema must be a named type');
  return result;
}

/** Custom properties survive, sorted after the standard ones, so the output stays deterministic. */
function withExtras<T extends Record<string, unknown>>(
  out: T,
  source: Record<string, unknown>,
  known: string[],
): T {
  const extras = Object.keys(source)
    .filter((key) => !known.includes(key))
    .sort();
  for (const key of extras) (out as Record<string, unknown>)[key] = source[key];
  return out;
}
