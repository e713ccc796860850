import { checkCompose } from './compose-check';
import { loadCompose } from './compose-load';
import {
  COMPOSE_FILE,
  COMPOSE_OVERRIDES_DIR,
  deployedApps,
  dockerfileOf,
  JOB,
  K8S_BASE,
  K8S_OVERLAYS_DIR,
  POSTGRES_INIT,
  type DeployTarget,
} from './deploy-targets';
import { missingCopySources } from './docker-context';
import { checkDockerfile } from './dockerfile-check';
import { discoverAppEnv, discoverJobEnv, sourcesUnder } from './env-discovery';
import { Findings, type Finding } from './findings';
import { checkK8s, k8sSchemaErrors } from './k8s-check';
import { renderKustomization } from './kustomize';
import type { RepoFiles } from './repo-files';
import { missingProductionDependencies } from './runtime-imports';

/**
 * The probes (HEALTHCHECK, k8s) GET these; the app must route them, itself or through the event
 * runtime's modules (serviceModules / EventRuntimeModule register ServiceOpsController).
 */
function checkHealthRoutes(files: RepoFiles, app: string, findings: Findings) {
  const own = sourcesUnder(files, `apps/${app}/src`).map((f) => files.read(f));
  const usesRuntime = own.some((t) => /\bserviceModules\(|\bEventRuntimeModule\b/.test(t));
  const runtime = usesRuntime
    ? sourcesUnder(files, 'libs/event-runtime/src').map((f) => files.read(f))
    : [];
  const sources = [...own, ...runtime];
  for (const route of ['health/live', 'health/ready']) {
    if (!sources.some((text) => text.includes(`'${route}'`) || text.includes(`'/${route}'`))) {
      findings.error('probes', `apps/${app}/src`, `no route ${route}: the probes would fail`);
    }
  }
}

/** The image installs "dependencies" only: whatever its code loads at run time must be one. */
function checkRuntimeDependencies(files: RepoFiles, entries: string[], findings: Findings) {
  for (const { name, file } of missingProductionDependencies(files, entries)) {
    findings.error(
      'dependencies',
      file,
      `imports ${name} at run time, which is not in package.json "dependencies" (the image has production dependencies only)`,
    );
  }
}

export interface ValidationResult {
  targets: DeployTarget[];
  /** What was validated, for the summary: "docker-compose.yml", "k8s/overlays/dev", ... */
  checked: string[];
  findings: Finding[];
}

/** What the app's own code must provide: a config, SIGTERM handling, probes, dependencies. */
function checkAppSource(
  files: RepoFiles,
  app: string,
  env: DeployTarget['env'],
  findings: Findings,
) {
  if (env.sources.length === 0) {
    findings.error(
      'env',
      `apps/${app}`,
      'no src/config.ts: cannot tell which env variables it reads',
    );
  }
  const main = `apps/${app}/src/main.ts`;
  if (!files.exists(main)) {
    findings.warn('dockerfile', main, 'missing: the image would have nothing to run yet');
    return;
  }
  if (!handlesSigterm(files, files.read(main))) {
    findings.error('dockerfile', main, 'SIGTERM is not handled (no enableShutdownHooks())');
  }
  checkRuntimeDependencies(files, [main], findings);
  checkHealthRoutes(files, app, findings);
}

function serviceTarget(files: RepoFiles, app: string, findings: Findings): DeployTarget {
  const dockerfile = dockerfileOf(app);
  const env = discoverAppEnv(files, app);
  checkAppSource(files, app, env, findings);
  if (!files.exists(dockerfile)) {
    findings.error('dockerfile', dockerfile, `missing for ${app}`);
    return { name: app, kind: 'service', dockerfile, env };
  }
  const report = checkDockerfile(files.read(dockerfile), dockerfile, 'service');
  findings.all.push(...report.findings.all);
  for (const m of missingCopySources(files, dockerfile))
    findings.error('dockerfile', dockerfile, m);
  return { name: app, kind: 'service', dockerfile, env, port: report.port };
}

function loadTargets(files: RepoFiles, findings: Findings): DeployTarget[] {
  const targets = deployedApps(files).map((app) => serviceTarget(files, app, findings));
  const env = discoverJobEnv(files, JOB.tsconfig);
  const report = checkDockerfile(files.read(JOB.dockerfile), JOB.dockerfile, 'job');
  findings.all.push(...report.findings.all);
  for (const m of missingCopySources(files, JOB.dockerfile)) {
    findings.error('dockerfile', JOB.dockerfile, m);
  }
  checkRuntimeDependencies(files, env.sources, findings);
  return [...targets, { name: JOB.name, kind: 'job', dockerfile: JOB.dockerfile, env }];
}

function composeChecks(
  files: RepoFiles,
  targets: DeployTarget[],
  findings: Findings,
  checked: string[],
) {
  const init = files.exists(POSTGRES_INIT) ? files.read(POSTGRES_INIT) : '';
  const databases = /for db in ([^;]+);/.exec(init)?.[1].trim().split(/\s+/) ?? [];
  const pom = files.exists('tools/stack/pom.xml') ? files.read('tools/stack/pom.xml') : '';
  const kafkaVersion = /<kafka\.version>([^<]+)</.exec(pom)?.[1];
  const imagesWithHealthcheck = new Set(
    targets
      .filter((t) => t.kind === 'service' && files.exists(t.dockerfile))
      .filter((t) => /^HEALTHCHECK\s+(?!NONE)/im.test(files.read(t.dockerfile)))
      .map((t) => t.dockerfile),
  );
  const ctx = { targets, databases, kafkaVersion, imagesWithHealthcheck };
  const variants = [
    [COMPOSE_FILE],
    ...files
      .list(COMPOSE_OVERRIDES_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [COMPOSE_FILE, `${COMPOSE_OVERRIDES_DIR}/${f}`]),
  ];
  for (const [file, ...overrides] of variants) {
    const where = [file, ...overrides].join(' + ');
    checked.push(where);
    try {
      findings.all.push(...checkCompose(loadCompose(files, file, overrides), where, ctx).all);
    } catch (error) {
      findings.error('compose', where, (error as Error).message);
    }
  }
}

function k8sChecks(
  files: RepoFiles,
  targets: DeployTarget[],
  findings: Findings,
  checked: string[],
) {
  try {
    for (const o of renderKustomization(files, K8S_BASE)) {
      for (const e of k8sSchemaErrors(o))
        findings.error('k8s-schema', `${K8S_BASE} ${o.kind}/${o.metadata.name}`, e);
    }
    checked.push(K8S_BASE);
  } catch (error) {
    findings.error('kustomize', K8S_BASE, (error as Error).message);
  }
  const overlays = files.list(K8S_OVERLAYS_DIR).map((o) => `${K8S_OVERLAYS_DIR}/${o}`);
  if (overlays.length === 0) findings.error('k8s', K8S_OVERLAYS_DIR, 'no overlays');
  for (const overlay of overlays) {
    checked.push(overlay);
    try {
      findings.all.push(...checkK8s(renderKustomization(files, overlay), overlay, targets).all);
    } catch (error) {
      findings.error('kustomize', overlay, (error as Error).message);
    }
  }
}

/** Every deployment check over the repository (or the files a spec planted an error in). */
export function validateDeployment(files: RepoFiles): ValidationResult {
  const findings = new Findings();
  const checked: string[] = [];
  const targets = loadTargets(files, findings);
  checked.push(...targets.map((t) => t.dockerfile));
  composeChecks(files, targets, findings, checked);
  k8sChecks(files, targets, findings, checked);
  return { targets, checked, findings: findings.all };
}

/** The runtime's bootstrap, which services' main() calls; it enables Nest's shutdown hooks. */
const RUNTIME_BOOTSTRAP = 'libs/event-runtime/src/nest/bootstrap-service.ts';
const SIGTERM_HANDLED = /enableShutdownHooks\(|process\.on\(\s*['"]SIGTERM/;

/** A main() handles SIGTERM itself, or through bootstrapService when that does. */
export function handlesSigterm(files: RepoFiles, main: string): boolean {
  if (SIGTERM_HANDLED.test(main)) return true;
  return (
    /\bbootstrapService\(/.test(main) &&
    files.exists(RUNTIME_BOOTSTRAP) &&
    SIGTERM_HANDLED.test(files.read(RUNTIME_BOOTSTRAP))
  );
}
