import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { RepoFiles } from './repo-files';

/**
 * A renderer for the subset of kustomize that k8s/ uses (no kustomize binary is on npm or in
 * Debian): resources (files and directories), namespace, labels, images, patches (strategic
 * merge or JSON 6902), configMapGenerator and secretGenerator with literals. Anything else in a
 * kustomization is refused, so the output never silently differs from what kustomize makes.
 * The specs compare it with `kubectl kustomize` where kubectl is installed.
 */
export type K8sObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

type Obj = Record<string, unknown>;

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  [other: string]: unknown;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: {
    pairs: Record<string, string>;
    includeSelectors?: boolean;
    includeTemplates?: boolean;
  }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  generatorOptions?: { disableNameSuffixHash?: boolean };
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'patches',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
]);

export class KustomizeError extends Error {}

const isMap = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function renderKustomization(files: RepoFiles, dir: string): K8sObject[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => path.posix.join(dir, f))
    .find((f) => files.exists(f));
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const k = (parse(files.read(file)) ?? {}) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length) {
    throw new KustomizeError(`${file}: not supported by this renderer: ${unsupported.join(', ')}`);
  }
  let objects = (k.resources ?? []).flatMap((r) => loadResource(files, path.posix.join(dir, r)));
  objects = generate(objects, k, file);
  for (const p of k.patches ?? []) objects = applyPatch(files, dir, objects, p, file);
  if (k.namespace) for (const o of objects) o.metadata.namespace = k.namespace;
  for (const l of k.labels ?? []) applyLabels(objects, l, file);
  for (const image of k.images ?? []) applyImage(objects, image);
  return objects;
}

function loadResource(files: RepoFiles, target: string): K8sObject[] {
  if (files.isDirectory(target)) return renderKustomization(files, target);
  return parseAllDocuments(files.read(target))
    .map((d) => d.toJS() as K8sObject)
    .filter((o) => o && o.kind);
}

function literalsOf(g: Generator, file: string): Record<string, string> {
  const extra = Object.keys(g).filter((key) => !['name', 'behavior', 'literals'].includes(key));
  if (extra.length) throw new KustomizeError(`${file}: generator ${g.name}: unsupported ${extra}`);
  return Object.fromEntries(
    (g.literals ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

function generate(objects: K8sObject[], k: Kustomization, file: string): K8sObject[] {
  const gens = [
    ...(k.configMapGenerator ?? []).map((g) => ({ g, kind: 'ConfigMap' })),
    ...(k.secretGenerator ?? []).map((g) => ({ g, kind: 'Secret' })),
  ];
  if (gens.length && !k.generatorOptions?.disableNameSuffixHash) {
    throw new KustomizeError(`${file}: generators need generatorOptions.disableNameSuffixHash`);
  }
  for (const { g, kind } of gens) {
    let data = literalsOf(g, file);
    if (kind === 'Secret') {
      data = Object.fromEntries(
        Object.entries(data).map(([key, v]) => [key, Buffer.from(v).toString('base64')]),
      );
    }
    const existing = objects.find((o) => o.kind === kind && o.metadata.name === g.name);
    const behavior = g.behavior ?? 'create';
    if (behavior === 'create') {
      if (existing) throw new KustomizeError(`${file}: ${kind} ${g.name} exists; use behavior`);
      const base = { apiVersion: 'v1', kind, metadata: { name: g.name }, data };
      objects.push((kind === 'Secret' ? { ...base, type: 'Opaque' } : base) as K8sObject);
    } else {
      if (!existing) throw new KustomizeError(`${file}: ${behavior}: no ${kind} ${g.name}`);
      existing.data = behavior === 'merge' ? { ...(existing.data as Obj), ...data } : data;
    }
  }
  return objects;
}

function applyPatch(
  files: RepoFiles,
  dir: string,
  objects: K8sObject[],
  p: NonNullable<Kustomization['patches']>[number],
  file: string,
): K8sObject[] {
  const body = p.path ? files.read(path.posix.join(dir, p.path)) : p.patch;
  if (!body) throw new KustomizeError(`${file}: a patch needs path or patch`);
  const patch = parse(body) as unknown;
  const matches = (o: K8sObject) =>
    p.target
      ? (!p.target.kind || o.kind === p.target.kind) &&
        (!p.target.name || o.metadata.name === p.target.name)
      : isMap(patch) && o.kind === patch.kind && o.metadata.name === (patch.metadata as Obj)?.name;
  const selected = objects.filter(matches);
  if (selected.length === 0)
    throw new KustomizeError(`${file}: patch ${p.path ?? ''} matches nothing`);
  return objects.map((o) => {
    if (!selected.includes(o)) return o;
    if (Array.isArray(patch)) return jsonPatch(o, patch, file);
    const merged = strategicMerge(o, patch) as K8sObject;
    // A targeted patch's own name is a placeholder; the object keeps its identity.
    return { ...merged, metadata: { ...merged.metadata, name: o.metadata.name } };
  });
}

/** Strategic merge as kustomize does it for what k8s/ patches: maps merge, named lists merge by name. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isMap(base) && isMap(patch)) {
    const out: Obj = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) throw new KustomizeError(`patch directive ${key} is not supported`);
      out[key] = value === null ? undefined : strategicMerge(base[key], value);
      if (value === null) delete out[key];
    }
    return out;
  }
  const named = (v: unknown) => Array.isArray(v) && v.every((x) => isMap(x) && 'name' in x);
  if (named(base) && named(patch)) {
    const out = [...(base as Obj[])];
    for (const item of patch as Obj[]) {
      const at = out.findIndex((x) => x.name === item.name);
      if (at < 0) out.push(item);
      else out[at] = strategicMerge(out[at], item) as Obj;
    }
    return out;
  }
  return patch;
}

function jsonPatch(
  target: K8sObject,
  ops: { op: string; path: string; value?: unknown }[],
  file: string,
) {
  const doc = structuredClone(target);
  for (const { op, path: pointer, value } of ops) {
    const keys = pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const leaf = keys.pop()!;
    let parent: unknown = doc;
    for (const key of keys) parent = (parent as Obj)?.[key];
    if (!parent || typeof parent !== 'object') {
      throw new KustomizeError(
        `${file}: ${op} ${pointer}: no such path in ${target.metadata.name}`,
      );
    }
    const container = parent as Obj & unknown[];
    if (op === 'remove') {
      if (Array.isArray(container)) container.splice(Number(leaf), 1);
      else delete container[leaf];
    } else if (op === 'add' && Array.isArray(container)) {
      container.splice(leaf === '-' ? container.length : Number(leaf), 0, value);
    } else if (op === 'add' || op === 'replace') {
      if (op === 'replace' && !(leaf in container)) {
        throw new KustomizeError(
          `${file}: replace ${pointer}: nothing there in ${target.metadata.name}`,
        );
      }
      container[leaf] = value;
    } else throw new KustomizeError(`${file}: JSON patch op ${op} is not supported`);
  }
  return doc;
}

const podTemplate = (o: K8sObject): Obj | undefined => {
  const spec = o.spec as Obj | undefined;
  return isMap(spec?.template) ? spec.template : undefined;
};

function applyLabels(
  objects: K8sObject[],
  l: NonNullable<Kustomization['labels']>[number],
  file: string,
) {
  if (l.includeSelectors)
    throw new KustomizeError(`${file}: labels.includeSelectors is not supported`);
  for (const o of objects) {
    o.metadata.labels = { ...o.metadata.labels, ...l.pairs };
    const template = podTemplate(o);
    if (l.includeTemplates && template) {
      const meta = (template.metadata ?? {}) as Obj;
      template.metadata = { ...meta, labels: { ...(meta.labels as Obj), ...l.pairs } };
    }
  }
}

export function containersOf(o: K8sObject): Obj[] {
  const spec = podTemplate(o)?.spec as Obj | undefined;
  return [...((spec?.initContainers as Obj[]) ?? []), ...((spec?.containers as Obj[]) ?? [])];
}

function applyImage(objects: K8sObject[], image: NonNullable<Kustomization['images']>[number]) {
  for (const c of objects.flatMap(containersOf)) {
    const m = /^([^@]+?)(?::([^:/@]+))?(?:@(.+))?$/.exec(String(c.image));
    if (!m || m[1] !== image.name) continue;
    const name = image.newName ?? m[1];
    const digest = image.digest ?? (image.newTag ? undefined : m[3]);
    const tag = image.digest ? undefined : (image.newTag ?? m[2]);
    c.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  }
}
