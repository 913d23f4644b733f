/**
 * Lets a child process run this workspace's TypeScript directly (tests that start an app as a
 * real process, e.g. to kill it): `node -r ./test/support/ts-register.js apps/projector/src/main.ts`.
 */
require('../../scripts/register-typescript').registerTypeScript();
