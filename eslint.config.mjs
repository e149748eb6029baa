import nx from '@nx/eslint-plugin';

/**
 * Module boundaries, in two dimensions (see docs/architecture.md):
 * - scope: a service's code may use its own scope and `shared`, never another service's.
 * - type: app → feature → data-access → util; contracts depend on util only (data-access may use them);
 *   testing helpers are for tests and e2e only.
 * No rule uses a `*` wildcard: a project without tags cannot import anything.
 */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:users', onlyDependOnLibsWithTags: ['scope:users', 'scope:shared'] },
  { sourceTag: 'scope:auth', onlyDependOnLibsWithTags: ['scope:auth', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:shared'] },
  // Inside the gateway, one direction: routing ← upstreams ← policies ← edge, docs (docs/architecture.md).
  {
    sourceTag: 'gateway:routing',
    notDependOnLibsWithTags: ['gateway:upstreams', 'gateway:policies', 'gateway:edge', 'gateway:docs'],
  },
  { sourceTag: 'gateway:upstreams', notDependOnLibsWithTags: ['gateway:policies', 'gateway:edge', 'gateway:docs'] },
  { sourceTag: 'gateway:policies', notDependOnLibsWithTags: ['gateway:edge', 'gateway:docs'] },
  { sourceTag: 'gateway:edge', notDependOnLibsWithTags: ['gateway:docs'] },
  { sourceTag: 'gateway:docs', notDependOnLibsWithTags: ['gateway:edge'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:contracts', 'type:util'],
  },
  // Entities may use the platform's shared value types (roles): contracts hold no persistence code.
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:util'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules'],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Build configs may load the shared webpack config in tools/ (not a project).
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+tools/webpack/[\\w.-]+\\.js$'],
          depConstraints,
        },
      ],
    },
  },
  {
    // Tests may also use the shared test helpers (temporary databases, queues, processes).
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: depConstraints.map((constraint) =>
            constraint.sourceTag.startsWith('type:')
              ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
              : constraint,
          ),
        },
      ],
    },
  },
  {
    // The raw token minter is for the shared test helpers (testing-auth turns this off; util-auth's
    // own specs reach it by relative path).
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@platform/util-auth/testing', message: 'Use the helpers of @platform/testing-auth.' }] },
      ],
    },
  },
  {
    // Contracts are shared with every service and must stay free of persistence concerns.
    files: ['libs/shared/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['typeorm', '@nestjs/typeorm', 'pg', 'amqplib', 'amqp-connection-manager'] },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // DTO properties with defaults need their type written out: decorator metadata
      // (validation, OpenAPI) reads it, and an inferred type is emitted as Object.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
    },
  },
];
