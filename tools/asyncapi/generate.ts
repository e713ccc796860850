/**
 * npm run asyncapi:gen [-- --check]
 * Writes docs/asyncapi.yaml from the topic catalogue and the generated schema descriptors;
 * --check only compares (exit 1 when the file on disk is missing or out of date).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { firstDifference } from './first-difference';
import { ASYNCAPI_PATH, REPO_ROOT, readCommittedAsyncApi, renderAsyncApi } from './render-asyncapi';

const USAGE = `usage: tsx tools/asyncapi/generate.ts [--check]
  --check  exit 1 and say where docs/asyncapi.yaml differs instead of writing it`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const shown = path.relative(REPO_ROOT, ASYNCAPI_PATH);
  const expected = await renderAsyncApi();
  const committed = readCommittedAsyncApi();
  if (values.check) {
    if (committed === expected) {
      console.log(`asyncapi:gen --check ok: ${shown} is current`);
      return 0;
    }
    console.error(
      committed === null
        ? `missing: ${shown}`
        : `stale: ${shown} (${firstDifference(committed, expected)})`,
    );
    console.error('docs/asyncapi.yaml is out of date: run npm run asyncapi:gen and commit it');
    return 1;
  }
  if (committed === expected) {
    console.log(`asyncapi:gen: ${shown} is already current`);
    return 0;
  }
  fs.mkdirSync(path.dirname(ASYNCAPI_PATH), { recursive: true });
  fs.writeFileSync(ASYNCAPI_PATH, expected);
  console.log(`asyncapi:gen wrote ${shown}`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
