import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The stack's scripts are ES modules, which jest's CommonJS runtime cannot import: ask node. */
function clusterIds(count: number): string[] {
  const module = pathToFileURL(join(__dirname, 'kafka.mjs')).href;
  const script = `const { newClusterId } = await import(${JSON.stringify(module)});
    console.log(JSON.stringify(Array.from({ length: ${count} }, () => newClusterId())));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

describe('newClusterId', () => {
  it('gives Kafka Uuids that kafka-storage cannot mistake for an option', () => {
    // Without the guard one id in 64 starts with '-': 2,000 ids pass by chance with p < 1e-13.
    const ids = clusterIds(2000);
    expect(ids).toHaveLength(2000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
