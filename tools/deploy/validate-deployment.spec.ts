import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from './findings';
import { repoFiles, repoRoot } from './repo-files';
import { validateDeployment } from './validate-deployment';

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** The repository with one file changed by `edit`, which must change something. */
function plant(file: string, edit: (text: string) => string) {
  const before = read(file);
  const after = edit(before);
  expect(after).not.toEqual(before);
  return validateDeployment(repoFiles(repoRoot, { [file]: after })).findings;
}

const errors = (findings: Finding[], check: string) =>
  findings.filter((f) => f.severity === 'error' && f.check === check);

describe('validateDeployment', () => {
  it('passes on the repository as committed', () => {
    const { findings, checked } = validateDeployment(repoFiles(repoRoot));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(checked).toEqual(
      expect.arrayContaining(['docker-compose.yml', 'k8s/overlays/dev', 'k8s/overlays/prod']),
    );
  });

  it('catches services whose bootstrap no longer handles SIGTERM', () => {
    const findings = plant('libs/event-runtime/src/nest/bootstrap-service.ts', (t) =>
      t.replace('app.enableShutdownHooks();', ''),
    );
    expect(errors(findings, 'dockerfile').map((f) => f.where)).toEqual(
      expect.arrayContaining(['apps/order-service/src/main.ts', 'apps/control-tower/src/main.ts']),
    );
  });

  it('catches a key the Compose specification does not have', () => {
    const findings = plant('docker-compose.yml', (t) =>
      t.replace('stop_grace_period: 30s', 'stop_grace_periode: 30s'),
    );
    expect(errors(findings, 'compose-schema').map((f) => f.message)).toContainEqual(
      expect.stringContaining("'stop_grace_periode'"),
    );
  });

  it('catches a Kubernetes schema violation in the kustomize output', () => {
    const findings = plant('k8s/base/order-service/deployment.yaml', (t) =>
      t.replace('terminationGracePeriodSeconds: 40', 'terminationGracePeriodSeconds: forty'),
    );
    const schema = errors(findings, 'k8s-schema');
    expect(schema.map((f) => f.where)).toEqual([
      'k8s/base Deployment/order-service',
      'k8s/overlays/dev Deployment/order-service',
      'k8s/overlays/prod Deployment/order-service',
    ]);
    expect(schema[0].message).toBe(
      'data/spec/template/spec/terminationGracePeriodSeconds must be integer',
    );
  });

  it('catches a field Kubernetes does not know (strict field validation)', () => {
    const findings = plant('k8s/base/control-tower/deployment.yaml', (t) =>
      t.replace('readinessProbe:', 'readinesProbe:'),
    );
    expect(errors(findings, 'k8s-schema').map((f) => `${f.where}: ${f.message}`)).toEqual([
      'k8s/base Deployment/control-tower: spec.template.spec.containers[0].readinesProbe: unknown field',
      'k8s/overlays/dev Deployment/control-tower: spec.template.spec.containers[0].readinesProbe: unknown field',
      'k8s/overlays/prod Deployment/control-tower: spec.template.spec.containers[0].readinesProbe: unknown field',
    ]);
  });

  it('catches an env variable set in k8s but missing from compose', () => {
    const findings = plant('docker-compose.yml', (t) => t.replace(/\n\s+INVOICE_SERIES: INV/, ''));
    expect(errors(findings, 'env')).toEqual([
      expect.objectContaining({
        where: 'docker-compose.yml services.billing-service',
        message: expect.stringContaining(
          'INVOICE_SERIES is read by apps/billing-service/src/config.ts',
        ),
      }),
      expect.objectContaining({
        where: 'docker-compose.yml + deploy/compose/single-broker.yml services.billing-service',
      }),
    ]);
  });

  it('catches an env variable missing from the k8s manifests', () => {
    const findings = plant('k8s/base/billing-service/kustomization.yaml', (t) =>
      t.replace(/\n\s+- INVOICE_SERIES=INV/, ''),
    );
    expect(errors(findings, 'env').map((f) => `${f.where}: ${f.message.split(' ')[0]}`)).toEqual([
      'k8s/overlays/dev Deployment/billing-service: INVOICE_SERIES',
      'k8s/overlays/prod Deployment/billing-service: INVOICE_SERIES',
    ]);
  });

  it('discovers a variable newly read in an app config and wants it everywhere', () => {
    const findings = plant('apps/order-service/src/config.ts', (t) =>
      t.replace(
        'return loadServiceConfig(',
        'void env.ORDER_FEATURE_FLAG;\n  return loadServiceConfig(',
      ),
    );
    const missing = errors(findings, 'env').filter((f) =>
      f.message.startsWith('ORDER_FEATURE_FLAG'),
    );
    expect(missing.map((f) => f.where.split(' ')[0])).toEqual([
      'docker-compose.yml',
      'docker-compose.yml',
      'k8s/overlays/dev',
      'k8s/overlays/prod',
    ]);
  });

  it('catches a service pointed at a broker the single-broker variant does not start', () => {
    const findings = plant('deploy/compose/single-broker.yml', (t) =>
      t.replace('KAFKA_BROKERS: kafka-1:9092', 'KAFKA_BROKERS: kafka-1:9092,kafka-2:9092'),
    );
    const messages = errors(findings, 'env').map((f) => f.message);
    expect(new Set(messages)).toEqual(
      new Set(['KAFKA_BROKERS points at kafka-2, which only runs under profile three-brokers']),
    );
    expect(messages).toHaveLength(6); // the job and the five apps
  });

  it('catches a k8s URL pointing at a port the Service does not serve', () => {
    const findings = plant('k8s/base/control-tower/kustomization.yaml', (t) =>
      t.replace('http://billing-service:3004', 'http://billing-service:3005'),
    );
    expect(errors(findings, 'port').map((f) => `${f.where}: ${f.message}`)).toEqual([
      'k8s/overlays/dev Deployment/control-tower: BILLING_SERVICE_URL uses port 3005 of Service billing-service, which serves 3004',
      'k8s/overlays/prod Deployment/control-tower: BILLING_SERVICE_URL uses port 3005 of Service billing-service, which serves 3004',
    ]);
  });

  it('catches a required dependency on a broker the single-broker variant leaves out', () => {
    const findings = plant('docker-compose.yml', (t) => t.replace(/\n\s+required: false/g, ''));
    expect(errors(findings, 'compose').map((f) => `${f.where}: ${f.message}`)).toEqual([
      'docker-compose.yml + deploy/compose/single-broker.yml services.schemas-topics: depends_on kafka-2, which only runs under a profile; say required: false',
      'docker-compose.yml + deploy/compose/single-broker.yml services.schemas-topics: depends_on kafka-3, which only runs under a profile; say required: false',
    ]);
  });

  it('catches a port that disagrees with the image', () => {
    const compose = plant('docker-compose.yml', (t) => t.replace("PORT: '3001'", "PORT: '3005'"));
    expect(errors(compose, 'port').map((f) => f.message)).toContainEqual(
      'PORT=3005 but deploy/docker/order-service.Dockerfile exposes 3001',
    );
    const k8s = plant('k8s/base/order-service/deployment.yaml', (t) =>
      t.replace('containerPort: 3001', 'containerPort: 3005'),
    );
    expect(errors(k8s, 'port').map((f) => f.message)).toContainEqual(
      'containerPort 3005 but the image exposes 3001',
    );
    const docker = plant('deploy/docker/order-service.Dockerfile', (t) =>
      t.replace('EXPOSE 3001', 'EXPOSE 3005'),
    );
    expect(errors(docker, 'dockerfile').map((f) => f.message)).toContain(
      'EXPOSE 3005 but ENV PORT=3001',
    );
    expect(errors(docker, 'port').length).toBeGreaterThanOrEqual(3);
  });

  it('catches a Dockerfile whose runtime runs as root', () => {
    const asRoot = plant('deploy/docker/billing-service.Dockerfile', (t) =>
      t.replace('USER node', 'USER root'),
    );
    expect(errors(asRoot, 'dockerfile')).toEqual([
      expect.objectContaining({
        where: 'deploy/docker/billing-service.Dockerfile',
        message: 'the runtime stage runs as root (USER root)',
      }),
    ]);
    const noUser = plant('deploy/docker/schemas-topics.Dockerfile', (t) =>
      t.replace('USER node\n', ''),
    );
    expect(errors(noUser, 'dockerfile').map((f) => f.message)).toEqual([
      'the runtime stage has no USER: it would run as root',
    ]);
  });

  it('catches a run-time import of a package the production image does not install', () => {
    const findings = plant(
      'apps/order-service/src/main.ts',
      (t) => `import { parse } from 'yaml';\nvoid parse;\n${t}`,
    );
    expect(errors(findings, 'dependencies')).toEqual([
      expect.objectContaining({
        where: 'apps/order-service/src/main.ts',
        message: expect.stringContaining('imports yaml at run time'),
      }),
    ]);
  });

  it('catches an app without the route its probes call', () => {
    // The services route their probes through the runtime's ServiceOpsController.
    const findings = plant('libs/event-runtime/src/nest/service-ops.controller.ts', (t) =>
      t.replace("@Get('health/ready')", "@Get('healthz')"),
    );
    expect(errors(findings, 'probes')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: 'apps/order-service/src',
          message: 'no route health/ready: the probes would fail',
        }),
      ]),
    );
  });

  it('catches a COPY source that .dockerignore leaves out of the build context', () => {
    const findings = plant('.dockerignore', (t) => `${t}tools/topics\n`);
    expect(errors(findings, 'dockerfile')).toEqual([
      expect.objectContaining({
        where: 'deploy/docker/schemas-topics.Dockerfile',
        message: 'COPY tools/topics/: left out of the build context by .dockerignore',
      }),
    ]);
  });

  it('catches image names that differ between compose and k8s', () => {
    const findings = plant('k8s/overlays/prod/kustomization.yaml', (t) =>
      t.replace(
        'newName: registry.example.com/logisync/billing-service',
        'newName: registry.example.com/billing',
      ),
    );
    expect(errors(findings, 'image')).toEqual([
      expect.objectContaining({ where: 'k8s/overlays/prod Deployment/billing-service' }),
    ]);
  });

  it('refuses a kustomization feature its renderer does not implement', () => {
    const findings = plant('k8s/overlays/dev/kustomization.yaml', (t) => `${t}namePrefix: x-\n`);
    expect(errors(findings, 'kustomize')).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('not supported by this renderer: namePrefix'),
      }),
    ]);
  });
});
