import {
  AvroField,
  AvroObject,
  AvroSchema,
  PRIMITIVES,
  definitionNamespace,
  isObject,
  qualify,
} from './avro-json';
import type { SchemaFile } from './schema-files';

export interface Definition {
  fullName: string;
  schema: AvroObject;
  /** Namespace the definition sits in, needed to resolve the names used inside it. */
  enclosingNamespace: string;
}

export interface Reference {
  fullName: string;
  written: string;
  at: string;
}

export interface FileScan {
  definitions: Definition[];
  references: Reference[];
  problems: string[];
}

/** Logical types the generated TypeScript and the codec understand; anything else is refused. */
const LOGICAL_TYPES: Record<string, string> = { 'timestamp-millis': 'long', uuid: 'string' };
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const SYMBOL = /^[A-Z][A-Z0-9_]*$/;

interface Scope {
  namespace: string;
  at: string;
  /** Field names of the enclosing records, innermost first: where a *Minor field finds its currency. */
  siblings: string[][];
}

/** Walks one file: collects the named types it defines and references, and breaks of the house rules. */
export function scanFile(file: SchemaFile): FileScan {
  const scan: FileScan = { definitions: [], references: [], problems: [] };
  const expectedNamespace = `logisync.${file.domain}`;
  const report = (at: string, message: string): void => {
    scan.problems.push(`${file.file}: ${at ? `${at}: ` : ''}${message}`);
  };

  function walkType(node: AvroSchema, scope: Scope, field?: AvroField): void {
    if (typeof node === 'string') return walkName(node, scope);
    if (Array.isArray(node)) return walkUnion(node, scope, field);
    if (!isObject(node)) return report(scope.at, `not a schema: ${JSON.stringify(node)}`);
    const type = node.type;
    if (typeof type !== 'string') return walkType(type, scope, field);
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed')
      return walkDefinition(node, scope);
    if (type === 'array') return walkContainer(node.items, `${scope.at}[]`, scope);
    if (type === 'map') return walkContainer(node.values, `${scope.at}{}`, scope);
    if (node.logicalType !== undefined && LOGICAL_TYPES[node.logicalType] !== type) {
      return report(
        scope.at,
        `unsupported logical type ${node.logicalType} on ${type} (allowed: timestamp-millis on long, uuid on string)`,
      );
    }
    return walkName(type, scope);
  }

  function walkName(name: string, scope: Scope): void {
    if (PRIMITIVES.has(name)) return;
    scan.references.push({ fullName: qualify(name, scope.namespace), written: name, at: scope.at });
  }

  function walkContainer(inner: AvroSchema | undefined, at: string, scope: Scope): void {
    if (inner === undefined) return report(scope.at, 'array or map without items/values');
    if (Array.isArray(inner)) return report(at, 'unions are only allowed as field types');
    walkType(inner, { ...scope, at });
  }

  function walkUnion(branches: AvroSchema[], scope: Scope, field?: AvroField): void {
    const optional =
      branches.length === 2 &&
      branches[0] === 'null' &&
      branches[1] !== 'null' &&
      !Array.isArray(branches[1]);
    if (!field) return report(scope.at, 'unions are only allowed as field types');
    if (!optional)
      return report(
        scope.at,
        'a union must be ["null", T] (null first) with "default": null; other unions are not allowed',
      );
    if (!('default' in field) || field.default !== null) {
      return report(scope.at, 'optional field ["null", T] must have "default": null');
    }
    walkType(branches[1], scope);
  }

  function walkDefinition(def: AvroObject, scope: Scope): void {
    const label = scope.at || 'top-level type';
    if (typeof def.name !== 'string' || !PASCAL.test(def.name)) {
      return report(
        label,
        `named type needs a simple PascalCase "name" (got ${JSON.stringify(def.name)})`,
      );
    }
    const fullName = qualify(def.name, def.namespace ?? scope.namespace);
    const namespace = definitionNamespace(def, scope.namespace);
    if (namespace !== expectedNamespace)
      report(label, `${fullName} must be in namespace ${expectedNamespace}`);
    if (!hasDoc(def)) report(label, `${fullName} has no doc`);
    if (scan.definitions.some((d) => d.fullName === fullName))
      report(label, `duplicate definition of ${fullName}`);
    scan.definitions.push({ fullName, schema: def, enclosingNamespace: scope.namespace });
    if (def.type === 'enum') return checkEnum(def, fullName, label);
    if (def.type === 'fixed') return;
    walkFields(def, fullName, { ...scope, namespace });
  }

  function walkFields(def: AvroObject, fullName: string, scope: Scope): void {
    if (!Array.isArray(def.fields) || def.fields.length === 0)
      return report(scope.at, `${fullName} needs fields`);
    const names = def.fields.map((f) => f.name);
    for (const field of def.fields) {
      const at = scope.at ? `${scope.at}.${field.name}` : field.name;
      if (typeof field.name !== 'string' || !CAMEL.test(field.name))
        report(at, 'field name must be camelCase');
      if (!hasDoc(field)) report(at, `field '${at}' of ${fullName} has no doc`);
      checkConventions(field, at, [names, ...scope.siblings]);
      walkType(
        field.type,
        { namespace: scope.namespace, at, siblings: [names, ...scope.siblings] },
        field,
      );
    }
  }

  function checkEnum(def: AvroObject, fullName: string, label: string): void {
    const symbols = def.symbols ?? [];
    const bad = symbols.filter((s) => !SYMBOL.test(s));
    if (bad.length)
      report(label, `enum ${fullName} symbols must be UPPER_SNAKE_CASE: ${bad.join(', ')}`);
    const unknownAtEdge = symbols[0] === 'UNKNOWN' || symbols[symbols.length - 1] === 'UNKNOWN';
    if (def.default !== 'UNKNOWN' || !unknownAtEdge) {
      report(
        label,
        `enum ${fullName} must list the symbol UNKNOWN first or last and declare "default": "UNKNOWN"`,
      );
    }
  }

  function checkConventions(field: AvroField, at: string, siblings: string[][]): void {
    const core = unwrapOptional(field.type);
    if (field.name.endsWith('Minor')) {
      if (core !== 'long') report(at, 'money (a field named *Minor) must be a long in minor units');
      if (!siblings.some((names) => names.includes('currency'))) {
        report(
          at,
          'money (a field named *Minor) needs a currency field beside it or in an enclosing record',
        );
      }
    }
    if (
      /[a-z]At$/.test(field.name) &&
      !(isObject(core) && core.logicalType === 'timestamp-millis')
    ) {
      report(
        at,
        'a time (a field named *At) must be {"type":"long","logicalType":"timestamp-millis"}',
      );
    }
  }

  walkType(file.schema, { namespace: '', at: '', siblings: [] });
  return scan;
}

function hasDoc(node: { doc?: unknown }): boolean {
  return typeof node.doc === 'string' && node.doc.trim().length > 0;
}

function unwrapOptional(type: AvroSchema): AvroSchema {
  return Array.isArray(type) && type.length === 2 && type[0] === 'null' ? type[1] : type;
}
