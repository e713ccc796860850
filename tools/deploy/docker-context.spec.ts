import { ignoredByDockerignore } from './docker-context';

describe('ignoredByDockerignore', () => {
  const rules = `# comment
**/node_modules
.stack
**/test
**/*.spec.ts
docs
!docs/keep.md`;

  it.each([
    ['node_modules', true],
    ['libs/x/node_modules/y.js', true],
    ['.stack/data', true],
    ['apps/a/test/flow.int-spec.ts', true],
    ['libs/x/src/a.spec.ts', true],
    ['docs/deployment.md', true],
    ['docs/keep.md', false],
    ['libs/x/src/a.ts', false],
    ['apps/a/', false],
    ['tsconfig.base.json', false],
  ])('%s -> %s', (file, ignored) => {
    expect(ignoredByDockerignore(rules, file)).toBe(ignored);
  });
});
