#!/usr/bin/env node
// `npm start`: for now the main job brings the local stack up, registers the event schemas,
// creates the catalogue's topics and reports everything healthy. The simulator issue turns it
// into the full demo with the four services.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  ['node', ['tools/stack/stack.mjs', 'up']],
  ['npm', ['run', '--silent', 'schemas:register']],
  ['npm', ['run', '--silent', 'topics:ensure']],
  ['node', ['tools/stack/stack.mjs', 'status']],
];
for (const [command, args] of steps) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(
  '\nlogisync: stack healthy, schemas registered, topics in place. Stop with npm run stack:down.',
);
