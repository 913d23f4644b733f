import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { coreMessages } from '@acc/composition';
import { requireServer } from '@acc/testing';
import { FileCheckpointStore, type Logger } from '@acc/consumers';
import { KafkaSink, MessageBridge } from '@acc/messaging';
import { readTopics } from '../../libs/platform/messaging/src/testing/kafka';
import { appendAccounts, deliveryProblems, expectedMessages, newSecrets, openWorkspace, secretProblems, type Workspace } from '../support/bridge-scenario';

// The outage needs a broker of its own to stop (test/infra/kafka.sh on free ports, own runtime
// folder), so parallel suites on the shared broker are not disturbed. Runs where the shared one does.
const kafka = requireServer('KAFKA_BROKERS', 'kafka bridge broker outage');
const KAFKA_SH = resolve(__dirname, '../infra/kafka.sh');
const sh = promisify(execFile);

// Both ports are held open together while the OS picks them: picking one, closing it and picking
// again can hand back the same port, and the broker then refuses equal listener ports.
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((done, fail) => {
            server.once('error', fail);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              done(typeof address === 'object' && address ? address.port : 0);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

jest.setTimeout(120_000);

kafka.describe('kafka bridge through a broker outage (X-6)', () => {
  let infraDir: string;
  let env: NodeJS.ProcessEnv;
  let brokers: string[];
  let ws: Workspace;
  const broker = (command: 'start' | 'stop') => sh('bash', [KAFKA_SH, command], { env, timeout: 100_000 });

  beforeAll(async () => {
    infraDir = mkdtempSync(join(tmpdir(), 'acc-kafka-outage-'));
    const [port, controller] = await freePorts(2);
    env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controller), ACC_INFRA_DIR: infraDir };
    brokers = [`127.0.0.1:${port}`];
    await broker('start');
    ws = openWorkspace('acc-kafka-outage-');
  });

  afterAll(async () => {
    await broker('stop').catch(() => undefined);
    rmSync(infraDir, { recursive: true, force: true });
    await ws?.close();
  });

  it('(c) broker stopped: retries with capped backoff, checkpoint stays; broker back: catches up with no gap, per key in order', async () => {
    const secrets = newSecrets();
    const logger = memoryLogger();
    const sink = new KafkaSink({ brokers, topicPrefix: 'outage.', partitions: 3, client: { connectionTimeout: 1000 } });
    const checkpoints = new FileCheckpointStore(join(ws.dir, 'cp.json'));
    const bridge = await MessageBridge.start({
      store: ws.infra.store,
      decode: (r) => ws.infra.codec.decode(r),
      mapper: coreMessages,
      sink,
      checkpoints,
      batchSize: 20,
      backoff: { initialMs: 100, maxMs: 800 },
      logger,
    });

    const head1 = await appendAccounts(ws.infra, 0, 20, secrets, 'c1');
    await bridge.waitForPosition(head1);

    await broker('stop');
    const head2 = await appendAccounts(ws.infra, 20, 60, secrets, 'c2');
    while (bridge.stats.retries < 3) await new Promise((r) => setTimeout(r, 50));
    expect(bridge.position).toBe(head1); // nothing acknowledged, nothing checkpointed
    expect(await checkpoints.load()).toBe(head1);

    await broker('start');
    await bridge.waitForPosition(head2);
    await bridge.stop();

    const records = await readTopics(brokers, Object.values(sink.topics));
    const expected = await expectedMessages(ws.infra);
    expect(expected).toHaveLength(300);
    expect(deliveryProblems(expected, records)).toEqual([]);
    expect(secretProblems(records, secrets)).toEqual([]);
    expect(secretProblems(logger.lines.map((l) => ({ key: '', value: l })), secrets, [...secrets.codes.keys()])).toEqual([]);
    // Capped exponential backoff: the waits grew and never passed the cap (+20 % jitter).
    const waits = logger.lines.map((l) => /retrying in (\d+) ms/.exec(l)?.[1]).filter(Boolean).map(Number);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...waits)).toBeLessThanOrEqual(960);
    expect(waits[waits.length - 1]).toBeGreaterThan(waits[0]);
  });
});
