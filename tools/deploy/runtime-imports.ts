import { builtinModules } from 'node:module';
import path from 'node:path';
import type { RepoFiles } from './repo-files';

// import ... from 'x' / export ... from 'x' (the clause never holds a ';'), import 'x',
// require('x') and import('x').
const FROM = /(?:^|\n)\s*(?:import|export)\s+([^;'"]*?)\s*from\s+['"]([^'"]+)['"]/g;
const BARE = /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
const CALL = /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** True when TypeScript erases the statement: `import type`, or only `type` specifiers. */
function typeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const items = named[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 && items.every((s) => s.startsWith('type '));
}

export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const [, clause, spec] of source.matchAll(FROM))
    if (!typeOnly(clause)) specifiers.push(spec);
  for (const [, spec] of source.matchAll(BARE)) specifiers.push(spec);
  for (const [, spec] of source.matchAll(CALL)) specifiers.push(spec);
  return specifiers;
}

const packageName = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

const BUILTINS = new Set(builtinModules);

/**
 * Packages the compiled code of these entry points loads at run time, with the first file that
 * imports each: the import graph is followed through relative imports and the tsconfig path
 * aliases, so a library's test helpers are not counted unless production code reaches them.
 */
export function runtimePackages(files: RepoFiles, entries: string[]): Map<string, string> {
  const { compilerOptions } = JSON.parse(files.read('tsconfig.base.json')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const resolveFile = (base: string) =>
    [`${base}.ts`, `${base}/index.ts`, base].find((f) => f.endsWith('.ts') && files.exists(f));
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(files.read(file))) {
      const alias = compilerOptions.paths[spec]?.[0];
      const local = spec.startsWith('.')
        ? resolveFile(path.posix.join(path.posix.dirname(file), spec))
        : alias && resolveFile(alias.replace(/\.ts$/, ''));
      if (local) queue.push(local);
      else if (!spec.startsWith('.') && !alias && !spec.startsWith('node:')) {
        const name = packageName(spec);
        if (!BUILTINS.has(name) && !packages.has(name)) packages.set(name, file);
      }
    }
  }
  return packages;
}

/** Runtime packages missing from package.json "dependencies" (the image installs only those). */
export function missingProductionDependencies(files: RepoFiles, entries: string[]) {
  const pkg = JSON.parse(files.read('package.json')) as { dependencies?: Record<string, string> };
  return [...runtimePackages(files, entries)]
    .filter(([name]) => !(name in (pkg.dependencies ?? {})))
    .map(([name, file]) => ({ name, file }));
}
