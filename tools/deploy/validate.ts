/**
 * npm run deploy:validate
 * No Docker engine or cluster runs here, so the deployment is validated instead of run:
 * the Dockerfiles statically, docker-compose.yml (and each override in deploy/compose) against
 * the Compose specification schema, the kustomize output of k8s/ against the Kubernetes 1.33
 * schemas, and across all three: every env variable each app reads (found in its source) is
 * set, ports and image names agree. Exits 1 on any error.
 */
import { formatFinding } from './findings';
import { KUBERNETES_VERSION } from './k8s-check';
import { repoFiles, repoRoot } from './repo-files';
import { validateDeployment } from './validate-deployment';

const result = validateDeployment(repoFiles(repoRoot));
console.log(
  `Kubernetes schemas: ${KUBERNETES_VERSION} (kubernetes-models); Compose: compose-spec schema (dclint)`,
);
for (const t of result.targets) {
  const port = t.port ? ` port ${t.port}` : '';
  console.log(`  ${t.name.padEnd(18)}${port.padEnd(10)} env ${t.env.names.join(' ') || '-'}`);
}
console.log(`Checked: ${result.checked.join(', ')}`);
for (const f of result.findings) console.log(formatFinding(f));
const errors = result.findings.filter((f) => f.severity === 'error').length;
const warnings = result.findings.length - errors;
console.log(
  errors
    ? `deploy:validate failed: ${errors} error(s), ${warnings} warning(s)`
    : `deploy:validate ok (${warnings} warning(s))`,
);
process.exit(errors ? 1 : 0);
