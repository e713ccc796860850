import { parseDockerfile } from './dockerfile-check';
import type { RepoFiles } from './repo-files';

const WILDCARDS: Record<string, string> = {
  '**/': '(?:.*/)?',
  '/**': '(?:/.*)?',
  '**': '.*',
  '*': '[^/]*',
  '?': '[^/]',
};

/** A .dockerignore pattern as a regular expression over slash-separated relative paths. */
function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split(/(\*\*\/|\/\*\*|\*\*|\*|\?)/)
    .map((part) => WILDCARDS[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${body}$`);
}

/** True when the build context leaves this path out (the last matching rule wins, ! re-includes). */
export function ignoredByDockerignore(dockerignore: string, file: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ include: l.startsWith('!'), regex: patternRegex(l.replace(/^!/, '')) }));
  const parts = file.replace(/^\.?\/+|\/+$/g, '').split('/');
  // A path is out when it or any folder above it is.
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (prefixes.some((p) => rule.regex.test(p))) ignored = !rule.include;
  }
  return ignored;
}

/** COPY sources (from the build context) that do not exist or that .dockerignore leaves out. */
export function missingCopySources(files: RepoFiles, dockerfile: string): string[] {
  const dockerignore = files.exists('.dockerignore') ? files.read('.dockerignore') : '';
  const problems: string[] = [];
  for (const stage of parseDockerfile(files.read(dockerfile)).stages) {
    for (const i of stage.instructions.filter((x) => ['COPY', 'ADD'].includes(x.keyword))) {
      if (/--from=/.test(i.args)) continue;
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      for (const source of words.slice(0, -1)) {
        if (!files.exists(source)) problems.push(`COPY ${source}: not in the repository`);
        else if (ignoredByDockerignore(dockerignore, source)) {
          problems.push(`COPY ${source}: left out of the build context by .dockerignore`);
        }
      }
    }
  }
  return problems;
}
