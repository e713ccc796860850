import {
  composeSchemaErrors,
  containerPorts,
  dockerfileOfService,
  environmentOf,
  type ComposeDoc,
  type ComposeService,
} from './compose-load';
import { IMAGE_PREFIX, type DeployTarget } from './deploy-targets';
import { hostsIn } from './endpoints';
import { Findings } from './findings';

export interface ComposeContext {
  targets: DeployTarget[];
  /** Databases the PostgreSQL init script creates. */
  databases: string[];
  /** Kafka version the project is tested against (tools/stack/pom.xml). */
  kafkaVersion?: string;
  /** Dockerfiles (by path) whose image defines a HEALTHCHECK. */
  imagesWithHealthcheck: Set<string>;
}

const imageRepository = (image = '') => image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');

/** Everything checked in one Compose document (a file, or a file with its overrides). */
export function checkCompose(doc: ComposeDoc, where: string, ctx: ComposeContext): Findings {
  const findings = new Findings();
  for (const e of composeSchemaErrors(doc)) findings.error('compose-schema', where, e);
  const services = doc.services ?? {};
  for (const target of ctx.targets) {
    const service = services[target.name];
    if (!service) findings.error('compose', where, `no service ${target.name}`);
    else checkTarget(service, services, target, `${where} services.${target.name}`, ctx, findings);
  }
  for (const [name, service] of Object.entries(services)) {
    checkDependencies(services, service, `${where} services.${name}`, ctx, findings);
    const test = service.healthcheck?.test;
    if (Array.isArray(test) && !['CMD', 'CMD-SHELL', 'NONE'].includes(String(test[0]))) {
      findings.error(
        'compose',
        `${where} services.${name}`,
        'healthcheck.test must start with CMD, CMD-SHELL or NONE',
      );
    }
    const [repo, tag] = (service.image ?? '').split(':');
    if (repo === 'apache/kafka' && ctx.kafkaVersion && tag !== ctx.kafkaVersion) {
      findings.error(
        'image',
        `${where} services.${name}`,
        `${service.image}: the project is tested on Kafka ${ctx.kafkaVersion} (tools/stack/pom.xml)`,
      );
    }
  }
  return findings;
}

function checkTarget(
  service: ComposeService,
  services: Record<string, ComposeService>,
  target: DeployTarget,
  where: string,
  ctx: ComposeContext,
  findings: Findings,
): void {
  if (dockerfileOfService(service) !== target.dockerfile) {
    findings.error('image', where, `build.dockerfile should be ${target.dockerfile}`);
  }
  if (imageRepository(service.image) !== `${IMAGE_PREFIX}${target.name}`) {
    findings.error(
      'image',
      where,
      `image ${service.image} should be ${IMAGE_PREFIX}${target.name}:<tag>`,
    );
  }
  const env = environmentOf(service);
  for (const name of target.env.names.filter((n) => !(n in env))) {
    findings.error('env', where, `${name} is read by ${target.env.sources.join(', ')} but not set`);
  }
  if (target.kind === 'service') checkPorts(service, env, target, where, findings);
  checkHosts(env, services, where, findings);
  const database = /^postgres(?:ql)?:\/\/[^/]+\/([^?]+)/.exec(env.DATABASE_URL ?? '')?.[1];
  if (database && !ctx.databases.includes(database)) {
    findings.error(
      'env',
      where,
      `DATABASE_URL names database ${database}, which the init script does not create`,
    );
  }
  if (target.kind === 'service' && !service.depends_on) {
    findings.error(
      'compose',
      where,
      'no depends_on: it would start before Kafka, the registry and its database',
    );
  }
}

/** Every host a service is pointed at must be a service this file starts by default. */
function checkHosts(
  env: Record<string, string>,
  services: Record<string, ComposeService>,
  where: string,
  findings: Findings,
): void {
  for (const [name, value] of Object.entries(env)) {
    for (const host of hostsIn(value)) {
      const target = services[host];
      if (!target)
        findings.error('env', where, `${name} points at ${host}, which is not a service`);
      else if (target.profiles?.length) {
        findings.error(
          'env',
          where,
          `${name} points at ${host}, which only runs under profile ${target.profiles.join(', ')}`,
        );
      }
    }
  }
}

function checkPorts(
  service: ComposeService,
  env: Record<string, string>,
  target: DeployTarget,
  where: string,
  findings: Findings,
): void {
  const port = Number(env.PORT);
  if (target.port !== undefined && port !== target.port) {
    findings.error(
      'port',
      where,
      `PORT=${env.PORT} but ${target.dockerfile} exposes ${target.port}`,
    );
  }
  for (const p of containerPorts(service).filter((p) => p !== port)) {
    findings.error(
      'port',
      where,
      `publishes container port ${p}, the service listens on ${env.PORT}`,
    );
  }
}

function checkDependencies(
  services: Record<string, ComposeService>,
  service: ComposeService,
  where: string,
  ctx: ComposeContext,
  findings: Findings,
): void {
  const deps = service.depends_on ?? {};
  const entries: [string, { condition?: string; required?: boolean }][] = Array.isArray(deps)
    ? deps.map((d) => [d, {}])
    : Object.entries(deps);
  for (const [name, dep] of entries) {
    const target = services[name];
    if (!target) {
      findings.error('compose', where, `depends_on ${name}, which is not a service`);
      continue;
    }
    // Compose refuses a required dependency on a service its profiles leave out.
    if (target.profiles?.length && dep.required !== false) {
      findings.error(
        'compose',
        where,
        `depends_on ${name}, which only runs under a profile; say required: false`,
      );
    }
    if (dep.condition !== 'service_healthy') continue;
    const dockerfile = dockerfileOfService(target);
    const healthy =
      (target.healthcheck && !target.healthcheck.disable) ||
      (dockerfile && ctx.imagesWithHealthcheck.has(dockerfile));
    if (!healthy) {
      findings.error(
        'compose',
        where,
        `waits for ${name} to be healthy, but ${name} has no healthcheck`,
      );
    }
  }
}
