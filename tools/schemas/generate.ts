/**
 * npm run schemas:gen [-- --check]
 * Writes libs/canonical-events/src/generated/ from schemas/; --check only reports stale files (exit 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_DIR, findStaleFiles, listFiles, renderGeneratedFiles } from './generated-files';
import { SchemaLoadError, loadSchemas } from './load-schemas';
import { displayPath } from './schema-files';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(
      'usage: tsx tools/schemas/generate.ts [--check]\n  --check  exit 1 and list stale files instead of writing',
    );
    return 0;
  }
  const expected = await renderGeneratedFiles(loadSchemas());
  const stale = findStaleFiles(expected);
  if (values.check) {
    if (!stale.length)
      return report(`schemas:gen --check ok: ${expected.size} generated files are current`, 0);
    for (const file of stale) console.error(`stale: ${displayPath(file)}`);
    return report(
      'generated code is out of date: run npm run schemas:gen and commit the result',
      1,
    );
  }
  for (const file of stale) {
    const content = expected.get(file);
    if (content === undefined) fs.rmSync(file);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  removeEmptyDirs(GENERATED_DIR);
  return report(
    `schemas:gen updated ${stale.length} of ${expected.size} files in ${displayPath(GENERATED_DIR)}`,
    0,
  );
}

function report(message: string, code: number): number {
  (code ? console.error : console.log)(message);
  return code;
}

function removeEmptyDirs(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(path.join(dir, entry.name));
  }
  if (dir !== GENERATED_DIR && listFiles(dir).length === 0) fs.rmdirSync(dir);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof SchemaLoadError ? error.message : error);
    process.exitCode = 1;
  },
);
