import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as batch from 'kubernetes-models/batch/v1';
import * as policy from 'kubernetes-models/policy/v1';
import { IMAGE_PREFIX, type DeployTarget } from './deploy-targets';
import { endpointsIn } from './endpoints';
import { Findings } from './findings';
import { unknownFields } from './k8s-strict';
import { containersOf, type K8sObject } from './kustomize';

/**
 * The Kubernetes version whose OpenAPI schemas validate the manifests: the one
 * kubernetes-models 4.5.1 is generated from.
 */
export const KUBERNETES_VERSION = '1.33';

type Model = new (data: unknown) => { validate(): void };
const MODELS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'batch/v1': batch,
  'policy/v1': policy,
};

type Obj = Record<string, unknown>;
type Container = Obj & { name: string; env?: Obj[]; envFrom?: Obj[]; ports?: Obj[] };

/** Schema errors and unknown fields of one object (none when valid), against Kubernetes 1.33. */
export function k8sSchemaErrors(o: K8sObject): string[] {
  const model = MODELS[o.apiVersion]?.[o.kind] as Model | undefined;
  if (!model) return [`${o.apiVersion} ${o.kind} is not an API this validator knows`];
  const strict = unknownFields(o);
  try {
    new model(o).validate();
    return strict;
  } catch (error) {
    return [
      ...String((error as Error).message)
        .split('\n')
        .filter(Boolean),
      ...strict,
    ];
  }
}

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/** The environment a container gets: its names, and PORT's value where it can be known. */
function containerEnv(objects: K8sObject[], c: Container, where: string, findings: Findings) {
  const names = new Map<string, string | undefined>();
  for (const e of c.env ?? []) names.set(String(e.name), e.value as string | undefined);
  for (const from of c.envFrom ?? []) {
    const ref = (from.configMapRef ?? from.secretRef) as { name: string } | undefined;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = ref && find(objects, kind, ref.name);
    if (!source) {
      findings.error(
        'env',
        where,
        `envFrom ${kind} ${ref?.name}, which the manifests do not define`,
      );
      continue;
    }
    for (const [key, value] of Object.entries((source.data ?? {}) as Record<string, string>)) {
      names.set(key, kind === 'ConfigMap' ? value : undefined);
    }
  }
  for (const e of c.env ?? []) {
    const ref = (e.valueFrom as Obj | undefined)?.configMapKeyRef as Obj | undefined;
    if (ref && !find(objects, 'ConfigMap', String(ref.name))) {
      findings.error(
        'env',
        where,
        `${e.name} refers to ConfigMap ${ref.name}, which is not defined`,
      );
    }
  }
  return names;
}

export function checkK8s(objects: K8sObject[], where: string, targets: DeployTarget[]): Findings {
  const findings = new Findings();
  for (const o of objects) {
    for (const e of k8sSchemaErrors(o)) {
      findings.error('k8s-schema', `${where} ${o.kind}/${o.metadata.name}`, e);
    }
  }
  for (const target of targets) {
    const kind = target.kind === 'job' ? 'Job' : 'Deployment';
    const workload = find(objects, kind, target.name);
    const at = `${where} ${kind}/${target.name}`;
    if (!workload) {
      findings.error('k8s', where, `no ${kind} ${target.name}`);
      continue;
    }
    const container = containersOf(workload).find((c) => c.name === target.name) as Container;
    if (!container) {
      findings.error('k8s', at, `no container named ${target.name}`);
      continue;
    }
    const repo = String(container.image).replace(/[:@].*$/, '');
    if (!(
      repo === `${IMAGE_PREFIX}${target.name}` || repo.endsWith(`/${IMAGE_PREFIX}${target.name}`)
    )) {
      findings.error('image', at, `image ${container.image} is not ${IMAGE_PREFIX}${target.name}`);
    }
    const env = containerEnv(objects, container, at, findings);
    for (const name of target.env.names.filter((n) => !env.has(n))) {
      findings.error('env', at, `${name} is read by ${target.env.sources.join(', ')} but not set`);
    }
    if (target.kind === 'service')
      checkService(objects, workload, container, env, target, at, findings);
    checkEndpoints(objects, env, at, findings);
  }
  return findings;
}

function checkService(
  objects: K8sObject[],
  workload: K8sObject,
  c: Container,
  env: Map<string, string | undefined>,
  target: DeployTarget,
  at: string,
  findings: Findings,
): void {
  const port = c.ports?.[0];
  const containerPort = Number(port?.containerPort);
  if (containerPort !== target.port) {
    findings.error(
      'port',
      at,
      `containerPort ${port?.containerPort} but the image exposes ${target.port}`,
    );
  }
  const envPort = env.get('PORT');
  if (envPort !== undefined && Number(envPort) !== containerPort) {
    findings.error('port', at, `PORT=${envPort} but containerPort ${containerPort}`);
  }
  const resolves = (p: unknown) => p === port?.name || Number(p) === containerPort;
  for (const [probe, path] of [
    ['livenessProbe', '/health/live'],
    ['readinessProbe', '/health/ready'],
  ]) {
    const get = (c[probe] as Obj | undefined)?.httpGet as Obj | undefined;
    if (!get) findings.error('k8s', at, `no ${probe} (httpGet ${path})`);
    else if (get.path !== path || !resolves(get.port)) {
      findings.error('port', at, `${probe} should GET ${path} on the container's port`);
    }
  }
  if (!(c.resources as Obj | undefined)?.requests)
    findings.error('k8s', at, 'no resource requests');
  const spec = (workload.spec as Obj).template as Obj;
  if (!((spec.spec as Obj).topologySpreadConstraints as unknown[] | undefined)?.length) {
    findings.error('k8s', at, 'no topologySpreadConstraints');
  }
  const service = find(objects, 'Service', target.name);
  const servicePorts = ((service?.spec as Obj | undefined)?.ports ?? []) as Obj[];
  if (!service) findings.error('k8s', at, `no Service ${target.name}`);
  else if (!servicePorts.some((p) => resolves(p.targetPort ?? p.port))) {
    findings.error(
      'port',
      `${at} Service`,
      `no port targets the container's port ${containerPort}`,
    );
  }
  if (!find(objects, 'PodDisruptionBudget', target.name)) {
    findings.error('k8s', at, `no PodDisruptionBudget ${target.name}`);
  }
}

/**
 * A short host name (no dot) in an env value is a Service of this namespace: it must exist and
 * serve the port. Qualified names are the cluster's own (Kafka, registry) and are not checked.
 */
function checkEndpoints(
  objects: K8sObject[],
  env: Map<string, string | undefined>,
  at: string,
  findings: Findings,
): void {
  for (const [name, value] of env) {
    for (const { host, port } of endpointsIn(value ?? '')) {
      if (host.includes('.')) continue;
      const service = find(objects, 'Service', host);
      const ports = (((service?.spec as Obj | undefined)?.ports ?? []) as Obj[]).map((p) => p.port);
      if (!service)
        findings.error('env', at, `${name} points at ${host}, which is not a Service here`);
      else if (port !== undefined && !ports.includes(port)) {
        findings.error(
          'port',
          at,
          `${name} uses port ${port} of Service ${host}, which serves ${ports}`,
        );
      }
    }
  }
}
