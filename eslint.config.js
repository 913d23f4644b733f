// Lint = module boundaries (Nx project tags: layers `type:*`, contexts `scope:*`) + purity of the domain + size limits.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// Infrastructure a pure layer must never import.
const INFRASTRUCTURE = [
  '@nestjs/*',
  'fastify',
  '@fastify/*',
  'mongodb',
  'mingo',
  'kafkajs',
  '@eventstore/*',
  'better-sqlite3',
  'class-validator',
  'class-transformer',
  'jose',
  'otplib',
  'cloudevents',
  'rxjs',
  'fs',
  'node:fs',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'child_process',
  'node:child_process',
];

// Which layer may import which (Nx project tags `type:*`).
const LAYERS = [
  { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: INFRASTRUCTURE },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:kernel'], bannedExternalImports: INFRASTRUCTURE },
  { sourceTag: 'type:port', onlyDependOnLibsWithTags: ['type:port', 'type:kernel'], bannedExternalImports: INFRASTRUCTURE },
  // Public message contracts (Kafka): pure mapping from domain events, no I/O, no transport library.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:port', 'type:kernel'], bannedExternalImports: INFRASTRUCTURE },
  {
    sourceTag: 'type:application',
    onlyDependOnLibsWithTags: ['type:application', 'type:domain', 'type:port', 'type:kernel'],
    bannedExternalImports: INFRASTRUCTURE,
  },
  // Projection definitions and read-model queries: pure, written against the read-store port.
  { sourceTag: 'type:read-model', onlyDependOnLibsWithTags: ['type:read-model', 'type:domain', 'type:port', 'type:kernel'], bannedExternalImports: INFRASTRUCTURE },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:port', 'type:contracts', 'type:domain', 'type:kernel'] },
  // The one reader of the environment: depends on nothing of the system.
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:config'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:port', 'type:contracts', 'type:domain', 'type:kernel', 'type:application', 'type:read-model'] },
  // Assembles every context for the apps: schemas, message tables, projections, the adapters between contexts.
  {
    sourceTag: 'type:composition',
    onlyDependOnLibsWithTags: ['type:composition', 'type:config', 'type:application', 'type:domain', 'type:port', 'type:contracts', 'type:read-model', 'type:kernel', 'type:infra'],
  },
  // Apps compose everything except other apps.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:composition', 'type:config', 'type:application', 'type:domain', 'type:port', 'type:contracts', 'type:read-model', 'type:kernel', 'type:infra', 'type:testing'],
  },
];

// Which context may import which (Nx project tags `scope:*`). The platform imports no context;
// a context imports only itself and the platform (security reaches accounts through its own ports,
// whose adapters live in the composition); only the composition and the apps see every context.
const SCOPES = [
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
  { sourceTag: 'scope:accounts', onlyDependOnLibsWithTags: ['scope:accounts', 'scope:platform'] },
  { sourceTag: 'scope:security', onlyDependOnLibsWithTags: ['scope:security', 'scope:platform'] },
  { sourceTag: 'scope:organizations', onlyDependOnLibsWithTags: ['scope:organizations', 'scope:platform'] },
  { sourceTag: 'scope:composition', onlyDependOnLibsWithTags: ['scope:composition', 'scope:accounts', 'scope:security', 'scope:organizations', 'scope:platform'] },
  { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:composition', 'scope:accounts', 'scope:security', 'scope:organizations', 'scope:platform'] },
];

const DEP_CONSTRAINTS = [...LAYERS, ...SCOPES];

// Test files of infrastructure libraries may also use the real-server fixtures of type:testing
// (requireServer, ...); their production code may not.
const SPEC_DEP_CONSTRAINTS = DEP_CONSTRAINTS.map((c) =>
  c.sourceTag === 'type:infra' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
);

module.exports = [
  { ignores: ['**/node_modules/**', 'dist/**', 'data/**', '.infra/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: DEP_CONSTRAINTS,
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: SPEC_DEP_CONSTRAINTS }],
    },
  },
  {
    // Libraries get their settings as parameters: only the configuration module reads the
    // environment (and the test fixtures of real servers).
    files: ['libs/**/*.ts'],
    ignores: ['libs/platform/config/**', 'libs/platform/testing/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Libraries do not read the environment: take a setting as a parameter (the apps read it with @acc/config).' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'process', importNames: ['env'], message: 'Libraries do not read the environment (@acc/config does).' },
            { name: 'node:process', importNames: ['env'], message: 'Libraries do not read the environment (@acc/config does).' },
          ],
        },
      ],
    },
  },
  {
    // Small files and functions (issue 8): a library file over 400 lines, or a function over 80, is split by concern.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }] },
  },
  {
    // Deciders (and the message mappers in contracts) get time and randomness as inputs, never from globals.
    files: ['libs/*/domain/**/*.ts', 'libs/*/contracts/**/*.ts', 'libs/*/read-models/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain takes time as an input (command data), not from the clock.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain takes time as an input, not from the clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The domain takes randomness as an input.' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain does not read its environment.' }],
      // Node built-ins are I/O or ambient state (the Nx rule only covers packages).
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'crypto', 'os', 'process'], message: 'The domain is pure: no Node built-ins.' }] }],
    },
  },
];
