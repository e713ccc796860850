import {
  AvroObject,
  AvroSchema,
  isNamedDefinition,
  isObject,
  qualify,
  simpleName,
} from './avro-json';

/** Where a shared named type's TypeScript declaration lives. */
export interface SharedTsType {
  tsName: string;
  module: string;
}

export interface RenderOptions {
  /** TypeScript name of the top-level type of the file. */
  topName: string;
  /** Prefix of types defined inside the file (e.g. ShipmentDeliveredV2), so names never collide. */
  localPrefix: string;
  shared: Map<string, SharedTsType>;
}

export interface RenderedTypes {
  declarations: string[];
  /** Module -> names to import from it. */
  imports: Map<string, Set<string>>;
  exported: string[];
}

const PRIMITIVE_TS: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

/** TypeScript declarations for a self-contained schema: one per named type defined in it. */
export function renderTypes(schema: AvroObject, options: RenderOptions): RenderedTypes {
  const out: RenderedTypes = { declarations: [], imports: new Map(), exported: [] };
  const known = new Map<string, string>();
  let insideShared = 0;

  function tsType(node: AvroSchema, namespace: string): string {
    if (typeof node === 'string') return PRIMITIVE_TS[node] ?? byName(qualify(node, namespace));
    if (Array.isArray(node))
      return node
        .map((b) => tsType(b, namespace))
        .reverse()
        .join(' | ');
    if (!isObject(node)) throw new Error(`not a schema: ${JSON.stringify(node)}`);
    if (isNamedDefinition(node)) return define(node, namespace);
    if (typeof node.type !== 'string') return tsType(node.type, namespace);
    if (node.type === 'array') return arrayOf(tsType(node.items as AvroSchema, namespace));
    if (node.type === 'map')
      return `Record<string, ${tsType(node.values as AvroSchema, namespace)}>`;
    if (node.logicalType === 'timestamp-millis') return 'Date';
    return tsType(node.type, namespace);
  }

  function byName(fullName: string): string {
    const name = known.get(fullName);
    if (name === undefined) throw new Error(`type ${fullName} is used before its definition`);
    useShared(fullName);
    return name;
  }

  function useShared(fullName: string): void {
    const shared = options.shared.get(fullName);
    if (!shared || insideShared > 0 || known.get(fullName) === options.topName) return;
    out.imports.set(
      shared.module,
      (out.imports.get(shared.module) ?? new Set<string>()).add(shared.tsName),
    );
  }

  function define(def: AvroObject, enclosing: string): string {
    const fullName = qualify(def.name as string, def.namespace ?? enclosing);
    const isTop = known.size === 0;
    const shared = isTop ? undefined : options.shared.get(fullName);
    const name = isTop
      ? options.topName
      : (shared?.tsName ?? `${options.localPrefix}${simpleName(fullName)}`);
    known.set(fullName, name);
    if (shared) {
      useShared(fullName);
      // Its nested types are declared in its own module; walking them only learns their names.
      insideShared++;
      for (const field of def.fields ?? []) tsType(field.type, namespaceOf(fullName));
      insideShared--;
      return name;
    }
    out.exported.push(name);
    const at = out.declarations.push('') - 1;
    out.declarations[at] = declaration(def, name, fullName);
    return name;
  }

  function declaration(def: AvroObject, name: string, fullName: string): string {
    const doc = comment(def.doc, '');
    if (def.type === 'enum')
      return `${doc}export type ${name} = ${(def.symbols ?? []).map((s) => `'${s}'`).join(' | ')};`;
    if (def.type === 'fixed') return `${doc}export type ${name} = Buffer;`;
    const fields = (def.fields ?? []).map(
      (f) => `${comment(f.doc, '  ')}  ${f.name}: ${tsType(f.type, namespaceOf(fullName))};`,
    );
    return `${doc}export interface ${name} {\n${fields.join('\n')}\n}`;
  }

  tsType(schema, '');
  return out;
}

function namespaceOf(fullName: string): string {
  return fullName.slice(0, Math.max(0, fullName.lastIndexOf('.')));
}

function arrayOf(inner: string): string {
  return /^[A-Za-z0-9_]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
}

function comment(doc: string | undefined, indent: string): string {
  if (!doc) return '';
  return `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n`;
}
