import type { AvroObject, AvroSchema } from './avro-json';
import { qualify } from './avro-json';
import { Graph, type Node } from './schema-graph';

/**
 * Reader/writer schema resolution checked by the Avro specification's rules, field by field, so a
 * problem names its field path. Stricter than avsc and most registries on purpose: enum symbols a
 * reader lacks, logical type changes and renames without aliases are all reported.
 */
export interface Incompatibility {
  path: string;
  message: string;
}

const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

export function findIncompatibilities(reader: AvroSchema, writer: AvroSchema): Incompatibility[] {
  const readerRoot = new Graph(reader).root;
  const writerRoot = new Graph(writer).root;
  return compare(readerRoot, writerRoot, '', new Set());
}

function compare(reader: Node, writer: Node, path: string, seen: Set<string>): Incompatibility[] {
  if (writer.kind === 'union') {
    return writer.branches.flatMap((branch) =>
      compare(reader, branch, path, seen).map((issue) =>
        branch.kind === 'primitive' && issue.path === path
          ? {
              path,
              message: `${where(path)}writer type ${describe(branch)} (a branch of ${describe(writer)}) cannot be read as ${describe(reader)}`,
            }
          : issue,
      ),
    );
  }
  if (reader.kind === 'union') return compareToReaderUnion(reader, writer, path, seen);
  if (reader.kind === 'primitive' && writer.kind === 'primitive')
    return comparePrimitives(reader, writer, path);
  if ((reader.kind === 'array' || reader.kind === 'map') && reader.kind === writer.kind) {
    return compare(
      reader.inner,
      (writer as typeof reader).inner,
      `${path}${reader.kind === 'array' ? '[]' : '{}'}`,
      seen,
    );
  }
  if (
    (reader.kind === 'record' || reader.kind === 'enum' || reader.kind === 'fixed') &&
    reader.kind === writer.kind
  ) {
    return compareNamed(reader, writer as typeof reader, path, seen);
  }
  return [
    {
      path,
      message: `${where(path)}type changed: writer ${describe(writer)} cannot be read as ${describe(reader)}`,
    },
  ];
}

function compareToReaderUnion(
  reader: Extract<Node, { kind: 'union' }>,
  writer: Node,
  path: string,
  seen: Set<string>,
): Incompatibility[] {
  const attempts = reader.branches.map((branch) => compare(branch, writer, path, seen));
  if (attempts.some((issues) => issues.length === 0)) return [];
  const sameKind = reader.branches.findIndex(
    (b) => b.kind === writer.kind && b.kind !== 'primitive',
  );
  if (sameKind >= 0) return attempts[sameKind];
  return [
    {
      path,
      message: `${where(path)}type changed: writer ${describe(writer)} cannot be read as ${describe(reader)}`,
    },
  ];
}

function comparePrimitives(
  reader: Extract<Node, { kind: 'primitive' }>,
  writer: Extract<Node, { kind: 'primitive' }>,
  path: string,
): Incompatibility[] {
  if (reader.name !== writer.name && !(PROMOTIONS[writer.name] ?? []).includes(reader.name)) {
    return [
      {
        path,
        message: `${where(path)}type changed: writer ${describe(writer)} cannot be read as ${describe(reader)}`,
      },
    ];
  }
  if (reader.logicalType !== writer.logicalType) {
    return [
      {
        path,
        message: `${where(path)}logical type changed: writer ${describe(writer)}, reader ${describe(reader)}`,
      },
    ];
  }
  return [];
}

function compareNamed(
  reader: Extract<Node, { def: AvroObject }>,
  writer: Extract<Node, { def: AvroObject }>,
  path: string,
  seen: Set<string>,
): Incompatibility[] {
  const aliases = (reader.def.aliases ?? []).map((a) => qualify(a, reader.namespace));
  if (reader.fullName !== writer.fullName && !aliases.includes(writer.fullName)) {
    return [
      {
        path,
        message: `${where(path)}named type renamed: writer ${writer.fullName} is read as ${reader.fullName}, which has no alias for it`,
      },
    ];
  }
  const key = `${reader.fullName}<-${writer.fullName}@${path}`;
  if (seen.has(key)) return [];
  seen.add(key);
  if (reader.kind === 'enum') return compareEnums(reader, writer, path);
  if (reader.kind === 'fixed' && reader.def.size !== writer.def.size) {
    return [
      {
        path,
        message: `${where(path)}fixed ${reader.fullName} changed size from ${writer.def.size} to ${reader.def.size}`,
      },
    ];
  }
  if (reader.kind === 'fixed') return [];
  return compareRecords(reader, writer, path, seen);
}

function compareEnums(
  reader: Extract<Node, { def: AvroObject }>,
  writer: Extract<Node, { def: AvroObject }>,
  path: string,
): Incompatibility[] {
  const readerSymbols = reader.def.symbols ?? [];
  const missing = (writer.def.symbols ?? []).filter((s) => !readerSymbols.includes(s));
  const hasDefault =
    typeof reader.def.default === 'string' && readerSymbols.includes(reader.def.default);
  if (!missing.length || hasDefault) return [];
  return [
    {
      path,
      message: `${where(path)}enum ${reader.fullName}: writer symbol(s) ${missing.join(', ')} missing from the reader, which has no default symbol`,
    },
  ];
}

function compareRecords(
  reader: Extract<Node, { def: AvroObject }>,
  writer: Extract<Node, { def: AvroObject }>,
  path: string,
  seen: Set<string>,
): Incompatibility[] {
  const writerFields = writer.def.fields ?? [];
  return (reader.def.fields ?? []).flatMap((field) => {
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    const names = [field.name, ...(field.aliases ?? [])];
    const source = writerFields.find((w) => names.includes(w.name));
    if (!source) {
      if ('default' in field) return [];
      return [
        {
          path: fieldPath,
          message: `reader field '${fieldPath}' has no default and is missing from the writer`,
        },
      ];
    }
    return compare(
      reader.graph.node(field.type, reader.namespace),
      writer.graph.node(source.type, writer.namespace),
      fieldPath,
      seen,
    );
  });
}

function where(path: string): string {
  return path ? `field '${path}': ` : '';
}

function describe(node: Node): string {
  switch (node.kind) {
    case 'primitive':
      return node.logicalType ? `${node.name}(${node.logicalType})` : node.name;
    case 'union':
      return `[${node.branches.map(describe).join(', ')}]`;
    case 'array':
    case 'map':
      return `${node.kind}<${describe(node.inner)}>`;
    default:
      return `${node.kind} ${node.fullName}`;
  }
}
