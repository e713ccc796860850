import type { RepoFiles } from './repo-files';

/** Apps that are tools around the system, not part of a deployment. */
export const NOT_DEPLOYED: Record<string, string> = {
  simulator: 'the demo driver (npm run simulate), run from a developer machine',
};

export const JOB = {
  name: 'schemas-topics',
  dockerfile: 'deploy/docker/schemas-topics.Dockerfile',
  tsconfig: 'deploy/docker/tsconfig.jobs.json',
} as const;

export const COMPOSE_FILE = 'docker-compose.yml';
/** Override files laid over docker-compose.yml, each checked merged with it. */
export const COMPOSE_OVERRIDES_DIR = 'deploy/compose';
export const POSTGRES_INIT = 'deploy/postgres/init-databases.sh';
export const K8S_BASE = 'k8s/base';
export const K8S_OVERLAYS_DIR = 'k8s/overlays';
export const IMAGE_PREFIX = 'logisync/';

export const dockerfileOf = (app: string) => `deploy/docker/${app}.Dockerfile`;

/** Every directory under apps/ is deployed unless NOT_DEPLOYED names it: none is forgotten. */
export function deployedApps(files: RepoFiles): string[] {
  return files
    .list('apps')
    .filter((name) => files.isDirectory(`apps/${name}`) && !(name in NOT_DEPLOYED));
}

/** What the checks know about one image: what it reads and which port it serves. */
export interface DeployTarget {
  name: string;
  kind: 'service' | 'job';
  dockerfile: string;
  env: { names: string[]; sources: string[] };
  /** From the Dockerfile's EXPOSE (services only). */
  port?: number;
}
