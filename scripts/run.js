#!/usr/bin/env node
// Runs a compiled entry point from dist/ with the workspace's path aliases (@acc/*) mapped to dist/.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.base.json');

tsconfigPaths.register({ baseUrl: path.join(__dirname, '..', 'dist'), paths: compilerOptions.paths });
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.js dist/<path to entry>.js');
  process.exit(2);
}
process.argv.splice(2, 1);
require(path.resolve(entry));
