import {
  AvroField,
  AvroObject,
  AvroSchema,
  PRIMITIVES,
  definitionNamespace,
  isNamedDefinition,
  isObject,
  qualify,
} from './avro-json';

/** A schema node with references by name already followed: what the compatibility rules walk. */
export type Node =
  | { kind: 'primitive'; name: string; logicalType?: string }
  | { kind: 'union'; branches: Node[] }
  | { kind: 'array' | 'map'; inner: Node }
  | {
      kind: 'record' | 'enum' | 'fixed';
      fullName: string;
      def: AvroObject;
      namespace: string;
      graph: Graph;
    };

/** Named types of one self-contained schema, so references by name can be followed. */
export class Graph {
  private readonly named = new Map<string, { def: AvroObject; namespace: string }>();
  readonly root: Node;

  constructor(schema: AvroSchema) {
    this.collect(schema, '');
    this.root = this.node(schema, '');
  }

  node(schema: AvroSchema, namespace: string): Node {
    if (Array.isArray(schema))
      return { kind: 'union', branches: schema.map((s) => this.node(s, namespace)) };
    if (typeof schema === 'string') return this.byName(schema, namespace);
    if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
    if (typeof schema.type !== 'string') return this.node(schema.type, namespace);
    if (isNamedDefinition(schema))
      return this.byName(qualify(schema.name as string, schema.namespace ?? namespace), '');
    if (schema.type === 'array')
      return { kind: 'array', inner: this.node(schema.items as AvroSchema, namespace) };
    if (schema.type === 'map')
      return { kind: 'map', inner: this.node(schema.values as AvroSchema, namespace) };
    if (PRIMITIVES.has(schema.type))
      return { kind: 'primitive', name: schema.type, logicalType: schema.logicalType };
    return this.byName(schema.type, namespace);
  }

  private byName(name: string, namespace: string): Node {
    if (PRIMITIVES.has(name)) return { kind: 'primitive', name };
    const fullName = qualify(name, namespace);
    const found = this.named.get(fullName);
    if (!found) throw new Error(`unknown type ${fullName}`);
    return {
      kind: found.def.type as 'record',
      fullName,
      def: found.def,
      namespace: found.namespace,
      graph: this,
    };
  }

  private collect(schema: AvroSchema, namespace: string): void {
    if (Array.isArray(schema)) return schema.forEach((s) => this.collect(s, namespace));
    if (!isObject(schema)) return;
    if (!isNamedDefinition(schema)) {
      for (const inner of [schema.type, schema.items, schema.values])
        if (inner !== undefined) this.collect(inner, namespace);
      return;
    }
    const fullName = qualify(schema.name as string, schema.namespace ?? namespace);
    const inner = definitionNamespace(schema, namespace);
    this.named.set(fullName, { def: schema, namespace: inner });
    (schema.fields ?? []).forEach((field: AvroField) => this.collect(field.type, inner));
  }
}
