import avro from 'avsc';

export interface FieldProblem {
  path: string;
  problem: string;
}

type UnionLike = avro.Type & { readonly types: avro.Type[] };
type Converted = { value: unknown; problems: FieldProblem[] };

const at = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Reads an event written as plain JSON (times as ISO-8601 strings, optional fields as the value
 * or null, bytes as base64) into the values the Avro type expects, and says what is wrong field
 * by field: missing, unknown, of the wrong type, or not one of an enum's symbols.
 */
export function jsonToAvro(type: avro.Type, value: unknown, path = ''): Converted {
  const problems: FieldProblem[] = [];
  const fail = (problem: string): Converted => ({
    value,
    problems: [{ path: path || '(root)', problem }],
  });
  const name = type.typeName;
  if (name === 'logical:timestamp-millis') {
    if (typeof value === 'number' && Number.isInteger(value))
      return { value: new Date(value), problems };
    if (
      typeof value === 'string' &&
      /^\d{4}-\d\d-\d\dT/.test(value) &&
      !Number.isNaN(Date.parse(value))
    ) {
      return { value: new Date(value), problems };
    }
    return fail(
      `expected an ISO-8601 time such as 2026-11-27T10:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  switch (name) {
    case 'record':
      return record(type as avro.types.RecordType, value, path);
    case 'union:unwrapped':
    case 'union:wrapped':
      return union(type as UnionLike, value, path);
    case 'array': {
      if (!Array.isArray(value)) return fail(`expected an array, got ${kind(value)}`);
      const items = value.map((v, i) =>
        jsonToAvro((type as avro.types.ArrayType).itemsType, v, at(path, i)),
      );
      return { value: items.map((i) => i.value), problems: items.flatMap((i) => i.problems) };
    }
    case 'map': {
      if (kind(value) !== 'object') return fail(`expected an object, got ${kind(value)}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) {
        const c = jsonToAvro((type as avro.types.MapType).valuesType, v, at(path, k));
        out[k] = c.value;
        problems.push(...c.problems);
      }
      return { value: out, problems };
    }
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols;
      return symbols.includes(value as string)
        ? { value, problems }
        : fail(`expected one of ${symbols.join(', ')}, got ${JSON.stringify(value)}`);
    }
    case 'bytes':
    case 'fixed':
      return typeof value === 'string'
        ? { value: Buffer.from(value, 'base64'), problems }
        : fail(`expected base64 text, got ${kind(value)}`);
    case 'null':
      return value === null ? { value, problems } : fail(`expected null, got ${kind(value)}`);
    case 'string':
      return typeof value === 'string'
        ? { value, problems }
        : fail(`expected a string, got ${kind(value)}`);
    case 'boolean':
      return typeof value === 'boolean'
        ? { value, problems }
        : fail(`expected true or false, got ${kind(value)}`);
    case 'int':
    case 'long':
      return type.isValid(value)
        ? { value, problems }
        : fail(`expected an integer (${name}), got ${JSON.stringify(value)}`);
    case 'float':
    case 'double':
      return typeof value === 'number'
        ? { value, problems }
        : fail(`expected a number, got ${kind(value)}`);
    default:
      return type.isValid(value) ? { value, problems } : fail(`does not match ${name}`);
  }
}

function record(type: avro.types.RecordType, value: unknown, path: string): Converted {
  if (kind(value) !== 'object') {
    return {
      value,
      problems: [{ path: path || '(root)', problem: `expected an object, got ${kind(value)}` }],
    };
  }
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of type.fields) {
    const fieldPath = at(path, field.name);
    if (!(field.name in input)) {
      const fallback = field.defaultValue();
      if (fallback === undefined) problems.push({ path: fieldPath, problem: 'missing (required)' });
      else out[field.name] = fallback;
      continue;
    }
    const c = jsonToAvro(field.type, input[field.name], fieldPath);
    out[field.name] = c.value;
    problems.push(...c.problems);
  }
  const known = new Set(type.fields.map((f) => f.name));
  for (const key of Object.keys(input).filter((k) => !known.has(k))) {
    problems.push({ path: at(path, key), problem: 'unknown field (not in the schema)' });
  }
  return { value: out, problems };
}

function union(type: UnionLike, value: unknown, path: string): Converted {
  const branches = type.types;
  if (value === null) {
    return branches.some((b) => b.typeName === 'null')
      ? { value: null, problems: [] }
      : { value, problems: [{ path, problem: 'may not be null' }] };
  }
  const tries = branches
    .filter((b) => b.typeName !== 'null')
    .map((b) => jsonToAvro(b, value, path));
  const ok = tries.find((t) => t.problems.length === 0);
  if (ok) return ok;
  return tries.sort((a, b) => a.problems.length - b.problems.length)[0];
}
