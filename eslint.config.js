// Lint = module boundaries (Nx project tags) + purity of the domain.
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

// Which layer may import which (Nx project tags).
const DEP_CONSTRAINTS = [
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
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:port', 'type:contracts', 'type:domain', 'type:kernel', 'type:application', 'type:read-model'] },
  // Apps compose everything except other apps.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:application', 'type:domain', 'type:port', 'type:contracts', 'type:read-model', 'type:kernel', 'type:infra', 'type:testing'] },
];

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
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'crypto', 'os'], message: 'The domain is pure: no Node built-ins.' }] }],
    },
  },
];
