import { coreMessages } from '@acc/composition';
import { KafkaSink, startBridge } from '@acc/messaging';
import { requireServer } from '@acc/testing';
import { deleteTopics, readTopics } from '../../libs/platform/messaging/src/testing/kafka';
import { client, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * Issue 4's end-to-end path: HTTP command → event → read model visible through the query API
 * → CloudEvent consumed from the real Kafka broker, with the right key, type, id and data.
 */
const kafka = requireServer('KAFKA_BROKERS', 'command to Kafka e2e');

kafka.describe('HTTP command → read model → Kafka', () => {
  const data = tempDataDir();
  let running: RunningApp;
  const brokers = (kafka.url ?? '').split(',');
  const sink = new KafkaSink({ brokers, topicPrefix: `e2e-flow-${process.pid}-${Date.now().toString(36)}.` });

  beforeAll(async () => {
    running = await startApp(data.dir);
  });
  afterAll(async () => {
    await running.close();
    await deleteTopics(brokers, Object.values(sink.topics)).catch(() => undefined);
    data.remove();
  });

  it('registers an account, reads it from the read model, and consumes its CloudEvent from Kafka', async () => {
    const call = client(running.url);
    const created = await call('POST', '/v1/accounts/provider-registrations', { provider: 'qq', assertion: await providerAssertion('qq', 'qq-full-flow'), industry: 'retail' });
    expect(created.status).toBe(201);
    const { uin, appId, position } = created.body;

    const read = await call('GET', `/v1/read/accounts/${uin}?waitForPosition=${position}`);
    expect(read.status).toBe(200);
    expect(read.body.position).toBeGreaterThanOrEqual(position);
    expect(read.body.data).toMatchObject({ uin, appId, industry: 'retail', registrationMethod: 'qq', status: 'pending_completion' });

    const bridge = await startBridge({ store: running.system.store, codec: running.system.codec, mapper: coreMessages, dataDir: data.dir, sink });
    await bridge.waitForPosition(position);
    await bridge.stop();
    const [registered] = (await running.system.store.readStream(`account-${uin}`)).filter((e) => e.type === 'AccountRegistered');
    const records = await readTopics(brokers, [sink.topics['integration-events']]);
    const message = records.find((r) => r.key === uin);
    expect(message).toBeDefined();
    const event = JSON.parse(message?.value ?? '{}');
    expect(event).toMatchObject({
      specversion: '1.0',
      id: registered.eventId,
      type: 'account.registered.v1',
      subject: uin,
      data: { accountId: uin, uin, appId, registrationMethod: 'qq', industry: 'retail' },
    });
  });
});
