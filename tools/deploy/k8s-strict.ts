import fs from 'node:fs';
import path from 'node:path';

/**
 * Unknown fields, which the kubernetes-models validators let through (their schemas allow
 * additional properties) and an API server with strict field validation refuses. The field
 * lists come from the same package's type declarations: one interface per definition, one
 * `"field"?: Type;` line per field, imports naming the file of each referenced definition.
 */
interface Definition {
  /** Field name to the declaration file of its (element) type, or null for a leaf. */
  fields: Map<string, string | null>;
}

const cache = new Map<string, Definition>();
const modelsDir = path.dirname(path.dirname(require.resolve('kubernetes-models/v1')));
const nodeModules = path.dirname(modelsDir);

function resolveImport(fromFile: string, spec: string): string {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), `${spec}.d.ts`);
  const nested = path.join(modelsDir, 'node_modules', `${spec}.d.ts`);
  return fs.existsSync(nested) ? nested : path.join(nodeModules, `${spec}.d.ts`);
}

function definition(file: string): Definition {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = fs.readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const [, name, spec] of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) {
    imports.set(name, resolveImport(file, spec));
  }
  const body =
    /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text)?.[1] ?? '';
  const fields = new Map<string, string | null>();
  for (const [, name, type] of body.matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) {
    const ref = /^(?:Array<)?(\w+)>?;$/.exec(type)?.[1];
    fields.set(name, (ref && imports.get(ref)) ?? null);
  }
  const result = { fields };
  cache.set(file, result);
  return result;
}

function walk(value: unknown, file: string, at: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, file, `${at}[${i}]`, out));
    return;
  }
  if (!value || typeof value !== 'object') return;
  const { fields } = definition(file);
  for (const [key, child] of Object.entries(value)) {
    const where = at ? `${at}.${key}` : key;
    if (!fields.has(key)) out.push(`${where}: unknown field`);
    else if (fields.get(key)) walk(child, fields.get(key)!, where, out);
  }
}

/** Unknown fields of an object, as paths; [] when the kind's declaration is not found. */
export function unknownFields(o: { apiVersion: string; kind: string }): string[] {
  const file = path.join(modelsDir, o.apiVersion, `${o.kind}.d.ts`);
  if (!fs.existsSync(file)) return [];
  const out: string[] = [];
  walk(o, file, '', out);
  return out;
}
