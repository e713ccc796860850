import path from 'node:path';
import type { RepoFiles } from './repo-files';

// A name passed to a reader (read.port('PORT', ...), seconds(read, 'X', 15)), env.NAME,
// process.env.NAME or env['NAME']. Names are UPPER_SNAKE_CASE, as every env name here is.
const PATTERNS = [
  /[(,]\s*['"]([A-Z][A-Z0-9_]+)['"]/g,
  /\benv\.([A-Z][A-Z0-9_]+)\b/g,
  /\benv\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]/g,
];

const SHARED_CONFIG_DIR = 'libs/event-runtime/src/config';
/** loadServiceConfig reads the API's settings through http-kit. */
const SHARED_API_CONFIG = 'libs/http-kit/src/governance/api-clients.ts';

export interface DiscoveredEnv {
  names: string[];
  /** The files the names were read from. */
  sources: string[];
}

export function envNamesIn(source: string): string[] {
  const names = new Set<string>();
  for (const pattern of PATTERNS) {
    for (const match of source.matchAll(pattern)) names.add(match[1]);
  }
  return [...names];
}

const isSource = (file: string) => file.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(file);

/** TypeScript sources under a directory, specs left out. */
export function sourcesUnder(files: RepoFiles, dir: string): string[] {
  return files
    .list(dir)
    .map((f) => `${dir}/${f}`)
    .flatMap((f) => (files.isDirectory(f) ? sourcesUnder(files, f) : isSource(f) ? [f] : []));
}

function collect(files: RepoFiles, sources: string[]): DiscoveredEnv {
  const names = new Set<string>();
  for (const file of sources) for (const name of envNamesIn(files.read(file))) names.add(name);
  return { names: [...names].sort(), sources };
}

/**
 * What an app reads: its src/config.ts (and src/config/ if it grows one), plus the shared
 * service configuration of the event runtime when it builds on loadServiceConfig.
 */
export function discoverAppEnv(files: RepoFiles, app: string): DiscoveredEnv {
  const own = [`apps/${app}/src/config.ts`].filter((f) => files.exists(f));
  own.push(...sourcesUnder(files, `apps/${app}/src/config`));
  const shared = own.some((f) => files.read(f).includes('loadServiceConfig'))
    ? [...sourcesUnder(files, SHARED_CONFIG_DIR), SHARED_API_CONFIG]
    : [];
  return collect(files, [...own, ...shared]);
}

/** What the schemas-and-topics job reads: the entry points its image compiles. */
export function discoverJobEnv(files: RepoFiles, tsconfig: string): DiscoveredEnv {
  const config = JSON.parse(files.read(tsconfig)) as { files?: string[] };
  const entries = (config.files ?? []).map((f) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(tsconfig), f)),
  );
  return collect(files, entries);
}
