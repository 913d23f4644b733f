/**
 * Runs this workspace's TypeScript sources without a build: SWC transpiles each .ts file on
 * require (the same options as Jest) and tsconfig paths resolve @acc/*. Used by `npx acc` on a
 * clean clone and by tests that start an app as a real process (test/support/ts-register.js).
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

function registerTypeScript() {
  const swc = require('@swc/core');
  require.extensions['.ts'] = function compile(module, filename) {
    const { code } = swc.transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
    module._compile(code, filename);
  };
  const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
  require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });
}

module.exports = { registerTypeScript };
