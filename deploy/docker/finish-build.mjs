#!/usr/bin/env node
// Runs in the build stage of every image, after tsc: makes the compiled tree runnable with plain
// `node`, no ts-node and no tsconfig-paths at run time.
//   node deploy/docker/finish-build.mjs <outDir> <source dir>...
// 1. tsc does not rewrite the @logisync/* path aliases, so each alias in tsconfig.base.json
//    whose compiled entry point exists becomes a tiny package in <outDir>/node_modules that
//    re-exports it (the runtime stage merges that folder into the production node_modules).
// 2. Files tsc does not emit (the control tower's web UI, for one) are copied beside the
//    compiled code, so __dirname-relative reads find them.
import fs from 'node:fs';
import path from 'node:path';

const [outDir, ...sourceDirs] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: finish-build.mjs <outDir> <source dir>...');
  process.exit(2);
}

const { compilerOptions } = JSON.parse(fs.readFileSync('tsconfig.base.json', 'utf8'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const entry = path.join(outDir, target.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(entry)) continue; // not used by this image (e.g. the test kit)
  const pkg = path.join(outDir, 'node_modules', alias);
  fs.mkdirSync(pkg, { recursive: true });
  const relative = path.relative(pkg, entry).split(path.sep).join('/');
  fs.writeFileSync(path.join(pkg, 'index.js'), `module.exports = require('${relative}');\n`);
  console.log(`alias ${alias} -> ${relative}`);
}

function copyAssets(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (!/\.ts$/.test(entry.name)) {
      const to = path.join(outDir, from);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      console.log(`asset ${from}`);
    }
  }
}
for (const dir of sourceDirs) copyAssets(dir);
