import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo-files';

// deploy/docker/finish-build.mjs runs inside the image build; here on a miniature tree.
describe('finish-build.mjs', () => {
  it('links the compiled path aliases and copies non-TypeScript assets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-build-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write(
      'tsconfig.base.json',
      JSON.stringify({
        compilerOptions: {
          paths: {
            '@x/used': ['libs/used/src/index.ts'],
            '@x/unused': ['libs/unused/src/index.ts'],
          },
        },
      }),
    );
    write('out/libs/used/src/index.js', 'exports.answer = 42;\n');
    write('out/apps/a/src/main.js', "console.log(require('@x/used').answer);\n");
    write('apps/a/src/main.ts', '');
    write('apps/a/src/ui/index.html', '<p>ui</p>');
    const script = path.join(repoRoot, 'deploy/docker/finish-build.mjs');
    const build = spawnSync('node', [script, 'out', 'apps/a/src'], { cwd: dir, encoding: 'utf8' });
    expect(build.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out/node_modules/@x/unused'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'out/apps/a/src/ui/index.html'), 'utf8')).toBe(
      '<p>ui</p>',
    );
    expect(fs.existsSync(path.join(dir, 'out/apps/a/src/main.ts'))).toBe(false);
    const run = spawnSync('node', ['apps/a/src/main.js'], {
      cwd: path.join(dir, 'out'),
      encoding: 'utf8',
    });
    expect(run.stdout.trim()).toBe('42');
  });
});
