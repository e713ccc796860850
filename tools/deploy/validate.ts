/**
 * npm run deploy:validate
 * No Docker engine or cluster runs here, so the deployment is validated instead of run:
 * the Dockerfiles statically, docker-compose.yml (and each override in deploy/compose) against
 * the Compose specification schema, the kustomize output of k8s/ against the Kubernetes 1.33
 * schemas, and across all three: every env variable each app reads (found in its source) is
 * set, ports and image names agree. Exits 1 on any error.
 *
 *   --replay-builds   also replay each image's build stage and start its entry point
 *                     (tools/deploy/replay-image-builds.ts; takes a minute, not run in CI)
 */
import { formatFinding } from './findings';
import { KUBERNETES_VERSION } from './k8s-check';
import { replayImageBuild } from './replay-image-builds';
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
const findingErrors = result.findings.filter((f) => f.severity === 'error').length;
let errors = findingErrors;
if (process.argv.includes('--replay-builds')) {
  for (const target of result.targets) {
    const replay = replayImageBuild(repoFiles(repoRoot), target);
    console.log(`${replay.ok ? 'replay ok   ' : 'REPLAY FAILED'} ${target.name}: ${replay.detail}`);
    if (!replay.ok) errors += 1;
  }
}
const warnings = result.findings.length - findingErrors;
console.log(
  errors
    ? `deploy:validate failed: ${errors} error(s), ${warnings} warning(s)`
    : `deploy:validate ok (${warnings} warning(s))`,
);
process.exit(errors ? 1 : 0);
