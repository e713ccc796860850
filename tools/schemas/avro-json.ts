/** Avro schema JSON as written in .avsc files, and the few helpers every tool here shares. */
export type AvroSchema = string | AvroSchema[] | AvroObject;

export interface AvroObject {
  type: AvroSchema;
  name?: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
  fields?: AvroField[];
  symbols?: string[];
  default?: unknown;
  items?: AvroSchema;
  values?: AvroSchema;
  size?: number;
  logicalType?: string;
  [key: string]: unknown;
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  aliases?: string[];
  [key: string]: unknown;
}

export const PRIMITIVES = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
export const NAMED_KINDS = new Set(['record', 'error', 'enum', 'fixed']);

export function isObject(node: AvroSchema): node is AvroObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

export interface NamedDefinition extends AvroObject {
  type: 'record' | 'error' | 'enum' | 'fixed';
}

export function isNamedDefinition(node: AvroSchema): node is NamedDefinition {
  return isObject(node) && typeof node.type === 'string' && NAMED_KINDS.has(node.type);
}

/** Avro name resolution: a dotted name is already full, otherwise the enclosing namespace applies. */
export function qualify(name: string, namespace: string | undefined): string {
  if (name.includes('.') || !namespace) return name;
  return `${namespace}.${name}`;
}

export function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}

export function simpleName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** The namespace a named definition opens for the names nested in it. */
export function definitionNamespace(def: AvroObject, enclosing: string | undefined): string {
  const full = qualify(def.name ?? '', def.namespace ?? enclosing);
  return namespaceOf(full);
}
