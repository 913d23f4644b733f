import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/command-api/src/bootstrap';
import { createSystem, type System } from '../../apps/command-api/src/system';
import { tempDataDir, testConfig } from '../support/app-harness';
import { generateHistory } from '../support/read-side';

/**
 * Start-up never blocks the port (docs/adr/0020): the read side's catch-up runs in batches that
 * each give the event loop back, so `/health` answers while a catch-up of thousands of events is
 * still under way, and the catch-up then finishes. Behaviour, not timing: the answer must come
 * while the projector has handled only part of the log.
 */
jest.setTimeout(120_000);

describe('start-up during a long read-side catch-up', () => {
  const data = tempDataDir('acc-startup-');
  let events = 0;

  beforeAll(async () => {
    const seed = createSystem(testConfig(data.dir));
    try {
      await generateHistory(seed, { accounts: 200, changesPerAccount: 8 });
      events = (await seed.store.readAll()).length;
    } finally {
      await seed.close();
    }
  }, 60_000);
  afterAll(() => data.remove());

  it('answers /health while the catch-up is not finished, then catches up', async () => {
    // Batches of 20 events: the catch-up of the whole log takes many turns of the event loop.
    const system: System = createSystem(testConfig(data.dir, { readModels: { projector: 'in-process', batchSize: 20 } }));
    let app: NestFastifyApplication | undefined;
    try {
      app = await createApp(system, { logger: false });
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      const handled = system.readSide.projector?.status().eventsHandled ?? 0;
      expect(health.status).toBe(200);
      expect(handled).toBeLessThan(events); // answered in the middle of the catch-up
      await system.readSide.projector?.caughtUp;
      expect(system.readSide.projector?.status().eventsHandled).toBe(events);
      expect(await system.readSide.status()).toMatchObject({ caughtUp: true, position: expect.any(Number) });
    } finally {
      await app?.close();
      await system.close();
    }
  });
});
