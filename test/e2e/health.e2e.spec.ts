import { createServer } from 'node:net';
import { ManualClock } from '@acc/kernel';
import { client, type RunningApp, startApp, tempDataDir, testConfig } from '../support/app-harness';
import { headPosition, waitUntil } from '../support/read-side';

/** A loopback port nobody listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Issue 15 item 5: liveness answers at once; readiness checks the stores, Kafka when configured, and the read models' lag. */
describe('health and readiness', () => {
  jest.setTimeout(60_000);
  const data = tempDataDir('acc-health-');
  const clock = new ManualClock('2026-09-01T08:00:00.000Z');
  let running: RunningApp;
  const anonymous = () => client(running.url, {});

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock }, config: { observability: { ...testConfig(data.dir).observability, readyMaxLagSeconds: 30, readyTimeoutMs: 200 } } });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const caughtUp = async () => {
    const head = await headPosition(running.system);
    await waitUntil('the read models reach the head', async () => (await running.system.readSide.status()).projections.every((p) => p.position === head));
  };

  it('liveness: /health answers without a key and checks nothing', async () => {
    expect(await anonymous()('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('readiness: 200 with the event store, the read store and the read models up (no Kafka check without Kafka)', async () => {
    await client(running.url)('POST', '/v1/verification-codes', { channel: 'email', address: 'ready@example.com', purpose: 'register' });
    await caughtUp();
    const ready = await anonymous()('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { eventStore: { status: 'up' }, readStore: { status: 'up' }, readModels: { status: 'up', projector: 'in-process', lagSeconds: 0, lagEvents: 0, maxLagSeconds: 30 } },
    });
  });

  it('503 problem details (NOT_READY) once the read models are further behind the log than the bound', async () => {
    await running.system.readSide.stop(); // the projector stops where it is
    await client(running.url)('POST', '/v1/verification-codes', { channel: 'email', address: 'behind@example.com', purpose: 'register' });
    clock.advance(10_000);
    expect((await anonymous()('GET', '/health/ready')).body.checks.readModels).toMatchObject({ status: 'up', lagSeconds: 10, lagEvents: 1 });
    clock.advance(25_000);
    const late = await anonymous()('GET', '/health/ready');
    expect(late.status).toBe(503);
    expect(late.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(late.body).toMatchObject({ status: 503, code: 'NOT_READY', checks: { readModels: { status: 'down', lagSeconds: 35, lagEvents: 1 }, eventStore: { status: 'up' } } });
    expect(late.body.detail).toContain('readModels: read models are 35 s behind the log (bound 30 s)');
  });

  it('a store that fails or does not answer within the timeout is down', async () => {
    const readStore = running.system.readSide.store as { getCheckpoint: unknown };
    const events = running.system.store as { readAll: unknown };
    const [getCheckpoint, readAll] = [readStore.getCheckpoint, events.readAll];
    readStore.getCheckpoint = () => new Promise(() => undefined);
    events.readAll = async () => {
      throw new Error('disk I/O error');
    };
    try {
      const down = await anonymous()('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks.readStore).toEqual({ status: 'down', detail: 'no answer within 200 ms' });
      expect(down.body.checks.eventStore).toEqual({ status: 'down', detail: 'Error: disk I/O error' });
    } finally {
      readStore.getCheckpoint = getCheckpoint;
      events.readAll = readAll;
    }
  });

  it('checks Kafka only when this process publishes to it: a broker nobody listens on is down', async () => {
    const port = await closedPort();
    const other = await startApp(tempDataDir('acc-health-kafka-').dir, { config: { bridge: { mode: 'in-process', kafka: { brokers: [`127.0.0.1:${port}`], createTopics: false } } } });
    try {
      const down = await client(other.url, {})('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks.kafka).toMatchObject({ status: 'down' });
      expect(down.body.checks.kafka.detail).toContain(`127.0.0.1:${port}`);
    } finally {
      await other.close();
    }
    const external = await startApp(tempDataDir('acc-health-external-').dir, { config: { bridge: { mode: 'external', kafka: { brokers: [`127.0.0.1:${port}`], createTopics: false } } } });
    try {
      const ready = await client(external.url, {})('GET', '/health/ready');
      expect(ready.body.checks.kafka).toBeUndefined();
    } finally {
      await external.close();
    }
  });

  const broker = process.env.KAFKA_BROKERS;
  (broker ? it : it.skip)('with a reachable broker (KAFKA_BROKERS) the Kafka check is up', async () => {
    const other = await startApp(tempDataDir('acc-health-kafka-up-').dir, { config: { bridge: { mode: 'in-process', kafka: { brokers: (broker as string).split(','), createTopics: false } } } });
    try {
      const ready = await client(other.url, {})('GET', '/health/ready');
      expect(ready.body.checks.kafka).toMatchObject({ status: 'up' });
    } finally {
      await other.close();
    }
  });
});
