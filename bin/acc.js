#!/usr/bin/env node
/**
 * `npx acc …`: the analysts' command-line tool (apps/cli).
 *
 * Runs the compiled CLI from dist/ when `npm run build` produced one that is newer than every
 * TypeScript source under apps/ and libs/; otherwise (a clean clone after `npm install`, or
 * sources edited since the build) it transpiles the sources on require with SWC, which is
 * slower to start (about a second) but never runs stale code. ACC_CLI_FROM_SOURCE=1 forces
 * the sources.
 */
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
const source = path.join(root, 'apps', 'cli', 'src', 'main.ts');

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = entry.name === 'node_modules' ? newest : newestSource(full, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function useBuild() {
  if (process.env.ACC_CLI_FROM_SOURCE === '1' || !existsSync(built)) return false;
  if (!existsSync(source)) return true; // an installed copy without sources
  const builtAt = statSync(built).mtimeMs;
  return ['apps', 'libs'].every((dir) => newestSource(path.join(root, dir)) <= builtAt);
}

if (useBuild()) {
  const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
  require('tsconfig-paths').register({ baseUrl: path.join(root, 'dist'), paths: compilerOptions.paths });
  require(built);
} else {
  require(path.join(root, 'scripts', 'register-typescript')).registerTypeScript();
  require(source);
}
