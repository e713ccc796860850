import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const services = ['order', 'warehouse', 'transport', 'billing'];

// A service may use its own scope and the shared libraries, never another service.
const scopeConstraints = services.map((s) => ({
  sourceTag: `scope:${s}`,
  onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
}));

/** Tests may also use the test kit; production code never does. */
function boundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      ...scopeConstraints,
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:runtime', ...testing],
      },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
      {
        sourceTag: 'type:runtime',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:runtime', ...testing],
      },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:runtime', 'type:testing'],
      },
      {
        sourceTag: 'type:tooling',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:runtime', 'type:testing'],
      },
    ],
  };
}

const frameworkImports = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'pg',
  '@kafkajs/*',
  'express',
  'prom-client',
];

export default [
  { ignores: ['**/node_modules', '**/dist', '.stack/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ inTests: false })],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Contracts are framework-free so outside systems can use them as they are.
    files: ['libs/canonical-events/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'express', 'prom-client'],
              message: 'libs/canonical-events imports no framework.',
            },
          ],
        },
      ],
    },
  },
  {
    // kafkajs lives behind libs/event-runtime so the client can be swapped.
    files: ['apps/**/*.ts'],
    ignores: ['apps/**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'Use @logisync/event-runtime; kafkajs stays inside it.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment in config.ts only.',
        },
      ],
    },
  },
  {
    files: ['apps/*/src/config.ts', 'apps/**/test/**', 'apps/**/*.spec.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // After the app-wide rules so that, in the domain layer, this stricter list wins.
    // The domain layer is plain TypeScript: no framework, ORM, driver or broker client.
    files: ['apps/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: frameworkImports, message: 'The domain layer is plain TypeScript.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ inTests: true })],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
];
