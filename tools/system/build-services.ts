import { transformFileSync, type Options } from '@swc/core';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// The services run as plain JavaScript compiled ahead of time: ts-node kept its compiler and
// every source map resident in each process (242-354 MiB RSS per service). So does the
// simulator, whose CPU per flow is measured: tsx compiled it in the measured process. SWC, not tsc: it is
// what ts-node already ran (same decorator metadata, transpile only, so a type error elsewhere
// in the shared tree does not stop a start; `npm run typecheck` is where types are checked), and
// it compiles the ~500 files in about a second, only those changed since the last build.

/** Where the compiled tree goes: dist/system/{apps,libs}/..., aliases in dist/system/node_modules. */
export const SERVICES_DIST = 'dist/system';

const SOURCE_ROOTS = [
  'apps/order-service/src',
  'apps/warehouse-service/src',
  'apps/transport-service/src',
  'apps/billing-service/src',
  'apps/control-tower/src',
  'apps/simulator/src',
  'libs/canonical-events/src',
  'libs/event-runtime/src',
  'libs/http-kit/src',
  'libs/service-harness/src',
];

/** Not part of what the services run. */
const SKIPPED = /\.(spec|int-spec|e2e-spec|fault-spec|fixtures)\.ts$|\.d\.ts$/;

const swcOptions: Options = {
  swcrc: false,
  sourceMaps: true,
  module: { type: 'commonjs', strictMode: true, noInterop: false },
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    target: 'es2022',
    keepClassNames: true,
    // As tsc with experimentalDecorators and emitDecoratorMetadata: Nest and TypeORM inject by it.
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
};

export class ServicesBuildError extends Error {}

export interface BuildReport {
  compiled: number;
  upToDate: number;
  copied: number;
  ms: number;
}

let built: BuildReport | undefined;

/**
 * Compiles the services and the libraries they use into dist/system, once per process. A file is
 * compiled again only when its source is newer than its output. Every write goes to a temporary
 * file renamed into place, so two starters building at once never let a service read half a file.
 */
export function buildServices(repoRoot: string): BuildReport {
  if (built) return built;
  const started = Date.now();
  const report: BuildReport = { compiled: 0, upToDate: 0, copied: 0, ms: 0 };
  const failures: string[] = [];
  const outRoot = join(repoRoot, SERVICES_DIST);
  for (const root of SOURCE_ROOTS) {
    for (const file of walk(join(repoRoot, root))) {
      const rel = relative(repoRoot, file);
      const isTs = file.endsWith('.ts');
      if (isTs && SKIPPED.test(file)) continue;
      const out = join(outRoot, isTs ? rel.replace(/\.ts$/, '.js') : rel);
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) {
        report.upToDate++;
        continue;
      }
      try {
        if (isTs) compileOne(file, out);
        else copyAtomically(file, out);
        if (isTs) report.compiled++;
        else report.copied++;
      } catch (error) {
        failures.push(`${rel}: ${(error as Error).message}`);
      }
    }
  }
  if (failures.length > 0) {
    throw new ServicesBuildError(
      `building the services into ${SERVICES_DIST} failed (${failures.length} files):\n` +
        failures.join('\n'),
    );
  }
  writeAliases(repoRoot, outRoot);
  report.ms = Date.now() - started;
  built = report;
  return report;
}

function compileOne(file: string, out: string): void {
  const result = transformFileSync(file, {
    ...swcOptions,
    filename: file,
    sourceFileName: relative(dirname(out), file).split(sep).join('/'),
  });
  const base = out.split(sep).pop()!;
  const code = `${result.code}\n//# sourceMappingURL=${base}.map\n`;
  if (result.map) writeAtomically(`${out}.map`, result.map);
  writeAtomically(out, code);
}

/** tsc does not rewrite the @logisync/* aliases: each becomes a package that re-exports it. */
function writeAliases(repoRoot: string, outRoot: string): void {
  const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  for (const [alias, [target]] of Object.entries(base.compilerOptions.paths)) {
    const entry = join(outRoot, target.replace(/\.ts$/, '.js'));
    if (!existsSync(entry)) continue; // not used by the services (the test kit)
    const pkg = join(outRoot, 'node_modules', alias);
    const content = `module.exports = require('${relative(pkg, entry).split(sep).join('/')}');\n`;
    const index = join(pkg, 'index.js');
    if (existsSync(index) && readFileSync(index, 'utf8') === content) continue;
    writeAtomically(index, content);
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (!entry.name.endsWith('.md')) yield path;
  }
}

function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

function copyAtomically(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const temporary = `${to}.${process.pid}.tmp`;
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}
