/**
 * The command process as `main.ts` runs it (serve), for shutdown tests: each idempotent request
 * is held after its record is claimed, before its command runs, and prints `held <n>`. With
 * HOLD=until-signal the held requests go on when SIGTERM arrives; with HOLD=forever they never do.
 */
import 'reflect-metadata';
import { loadConfig } from '../../apps/command-api/src/config';
import { serve } from '../../apps/command-api/src/serve';

let held = 0;
let release!: () => void;
const signalled = new Promise<void>((resolve) => (release = resolve));
const forever = process.env.HOLD === 'forever';

async function hold(): Promise<void> {
  held += 1;
  process.stdout.write(`held ${held}\n`);
  await (forever ? new Promise<void>(() => undefined) : signalled);
}

serve(loadConfig(process.env), { idempotencyHooks: { afterClaim: hold } }).then(
  // Registered after serve's own handler: the shutdown has begun when the held requests go on.
  () => process.once('SIGTERM', () => release()),
  (error: unknown) => {
    process.stderr.write(`failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
