import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderKustomization, strategicMerge, type K8sObject } from './kustomize';
import { repoFiles, repoRoot } from './repo-files';

const byId = (objects: K8sObject[]) =>
  Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));

/** A throwaway kustomization tree. */
function tree(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-spec-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return repoFiles(dir);
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: 'acme/web:1', env: [{ name: A, value: '1' }] }
`;

describe('renderKustomization', () => {
  it('applies generators, patches, namespace, labels and images', () => {
    const files = tree({
      'base/kustomization.yaml': `resources: [web.yaml]
generatorOptions: { disableNameSuffixHash: true }
configMapGenerator: [{ name: web-config, literals: [A=1, B=x=y] }]
`,
      'base/web.yaml': deployment,
      'overlay/kustomization.yaml': `resources: [../base]
namespace: shop
labels: [{ pairs: { env: dev }, includeTemplates: true }]
images: [{ name: acme/web, newName: registry.test/acme/web, newTag: '2' }]
generatorOptions: { disableNameSuffixHash: true }
configMapGenerator: [{ name: web-config, behavior: merge, literals: [B=z] }]
secretGenerator: [{ name: web-db, literals: [URL=postgres://db] }]
patches:
  - patch: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        template:
          spec:
            containers: [{ name: web, env: [{ name: B, value: '2' }] }]
  - target: { kind: Deployment }
    patch: |
      - { op: replace, path: /spec/replicas, value: 1 }
`,
    });
    const out = byId(renderKustomization(files, 'overlay'));
    expect(out['ConfigMap/web-config']).toMatchObject({
      metadata: { namespace: 'shop', labels: { env: 'dev' } },
      data: { A: '1', B: 'z' },
    });
    expect(out['Secret/web-db']).toMatchObject({
      type: 'Opaque',
      data: { URL: 'cG9zdGdyZXM6Ly9kYg==' },
    });
    expect(out['Deployment/web']).toMatchObject({
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', env: 'dev' } },
          spec: { containers: [{ name: 'web', image: 'registry.test/acme/web:2' }] },
        },
      },
    });
    const spec = out['Deployment/web'].spec as {
      template: { spec: { containers: { env: unknown }[] } };
    };
    const [container] = spec.template.spec.containers;
    expect(container.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  it('merges named lists by name and replaces other lists', () => {
    expect(
      strategicMerge(
        { c: [{ name: 'a', x: 1 }], args: ['1', '2'] },
        { c: [{ name: 'a', y: 2 }, { name: 'b' }], args: ['3'] },
      ),
    ).toEqual({ c: [{ name: 'a', x: 1, y: 2 }, { name: 'b' }], args: ['3'] });
  });

  it('refuses generators with hashed names and patches that match nothing', () => {
    const hashed = tree({
      'kustomization.yaml': 'configMapGenerator: [{ name: c, literals: [A=1] }]\n',
    });
    expect(() => renderKustomization(hashed, '.')).toThrow(/disableNameSuffixHash/);
    const stray = tree({
      'kustomization.yaml':
        'resources: [web.yaml]\npatches: [{ target: { kind: Job }, patch: "[]" }]\n',
      'web.yaml': deployment,
    });
    expect(() => renderKustomization(stray, '.')).toThrow(/matches nothing/);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  (kubectl
    ? it.each(['k8s/overlays/dev', 'k8s/overlays/prod'])
    : it.skip.each(['(kubectl not installed)']))(
    'renders %s exactly as kubectl kustomize does',
    (overlay) => {
      const real = spawnSync('kubectl', ['kustomize', path.join(repoRoot, overlay)], {
        encoding: 'utf8',
      });
      expect(real.status).toBe(0);
      const expected = parseAllDocuments(real.stdout).map((d) => d.toJS() as K8sObject);
      // kustomize wraps long base64 at 70 columns; the API server ignores the line breaks.
      for (const o of expected.filter((x) => x.kind === 'Secret')) {
        const data = o.data as Record<string, string>;
        for (const key of Object.keys(data)) data[key] = data[key].replace(/\s+/g, '');
      }
      expect(byId(renderKustomization(repoFiles(repoRoot), overlay))).toEqual(byId(expected));
    },
  );
});
