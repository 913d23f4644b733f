/**
 * The command app as a real process for read-side-restart.int.spec.ts: the real system and HTTP
 * app over ACC_DATA_DIR, its event store wrapped so that the process kills itself (SIGKILL) when
 * the read side's subscription is handed batch number KILL_AFTER_BATCHES + 1, i.e. in the middle
 * of its catch-up. Prints `listening <url>`, then `status <projector status json>` every 20 ms.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { SqliteEventStore } from '@acc/event-store';
import type { BatchHandler, EventStore, SubscribeOptions } from '@acc/ports';
import { createApp } from '../../apps/command-api/src/bootstrap';
import { loadConfig } from '../../apps/command-api/src/config';
import { createSystem } from '../../apps/command-api/src/system';

const killAfter = Number(process.env.KILL_AFTER_BATCHES ?? 0);

function killingStore(inner: SqliteEventStore): EventStore {
  let batches = 0;
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'subscribeToAll') {
        return (handler: BatchHandler, options?: SubscribeOptions) =>
          target.subscribeToAll(async (events) => {
            if (killAfter > 0 && ++batches > killAfter) {
              process.kill(process.pid, 'SIGKILL');
              await new Promise(() => undefined);
            }
            return handler(events);
          }, options);
      }
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function main() {
  const config = loadConfig(process.env);
  const store = killingStore(new SqliteEventStore({ path: join(config.dataDir, 'events.db') }));
  const system = createSystem(config, { store });
  const app = await createApp(system, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  setInterval(() => process.stdout.write(`status ${JSON.stringify(system.readSide.projector?.status())}\n`), 20);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
