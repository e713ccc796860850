/**
 * npm run schemas:check [-- [--root <dir>] [--baseline <dir>] [extra .avsc file or dir...]]
 * Checks FULL_TRANSITIVE compatibility of every subject's versions without a registry.
 */
import { parseArgs } from 'node:util';
import { checkSchemas } from './check-schemas';
import { SchemaLoadError } from './load-schemas';

const USAGE = `usage: tsx tools/schemas/check.ts [--root <schemas dir>] [--baseline <released schemas dir>] [extra file or dir...]
  --root       schema tree to check (default: schemas/)
  --baseline   a released schemas/ tree (e.g. from the main branch): its versions must stay compatible
  extra        more .avsc files or trees laid out like schemas/, checked together with the root`;

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = checkSchemas({
      root: values.root,
      baseline: values.baseline,
      extra: positionals,
    });
    for (const problem of result.problems) console.error(`INCOMPATIBLE ${problem}`);
    const summary = `${result.subjects} subjects, ${result.pairs} version pair(s) checked in both directions`;
    if (result.problems.length) {
      console.error(
        `schemas:check failed: ${result.problems.length} incompatibilities (${summary})`,
      );
      return 1;
    }
    console.log(`schemas:check ok: ${summary}`);
    return 0;
  } catch (error) {
    if (!(error instanceof SchemaLoadError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main();
