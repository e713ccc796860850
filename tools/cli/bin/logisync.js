#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: it must run before any TypeScript loader */
// Runs the TypeScript entry through tsx with the repository's path aliases, from any directory.
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
process.env.TSX_TSCONFIG_PATH ??= path.join(repoRoot, 'tsconfig.base.json');
require('tsx/cjs/api').register();
require(path.join(__dirname, '..', 'src', 'main.ts'));
