/**
 * The command app as a real process that kills itself (SIGKILL) at one point of the first
 * idempotent request, for crash tests: `CRASH_AT` = `after-claim` (nothing appended yet),
 * `mid-process` (the identity claim appended, the account not) or `before-complete` (every event
 * appended, the idempotency record not completed). Prints `listening <url>` once ready.
 */
import 'reflect-metadata';
import { createApp } from '../../apps/command-api/src/bootstrap';
import { loadConfig } from '../../apps/command-api/src/config';
import { createSystem, type SystemOverrides } from '../../apps/command-api/src/system';

const crash = () => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<void>(() => undefined);
};

function overrides(at: string | undefined): SystemOverrides {
  switch (at) {
    case 'after-claim':
      return { idempotencyHooks: { afterClaim: crash } };
    case 'mid-process':
      return { hooks: { afterReservation: crash } };
    case 'before-complete':
      return { idempotencyHooks: { beforeComplete: crash } };
    default:
      throw new Error(`unknown CRASH_AT ${String(at)}`);
  }
}

async function main() {
  const system = createSystem(loadConfig(process.env), overrides(process.env.CRASH_AT));
  const app = await createApp(system, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
