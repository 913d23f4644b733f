import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { bridgeConfig, envReader } from '@acc/config';
import { KafkaSink } from '@acc/messaging';
import type { OutboundMessage } from '@acc/ports';
import { requireServer } from '@acc/testing';

/**
 * Kafka security against the local broker's SASL_PLAINTEXT listener (test/infra/kafka.sh with
 * KAFKA_SASL_PORT, set by up.sh: 19094; its test user acc-test / acc-test-secret). The settings go
 * through the same parser as the apps (ACC_KAFKA_SASL_*). Under CI=true a listener that does not
 * answer is a failure, not a skip.
 */
const kafka = requireServer('KAFKA_BROKERS', 'kafka SASL');
const host = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',')[0].split(':')[0];
const saslBrokers = process.env.KAFKA_SASL_BROKERS ?? `${host}:${process.env.KAFKA_SASL_PORT ?? '19094'}`;
const USER = process.env.KAFKA_SASL_USER ?? 'acc-test';
const PASSWORD = process.env.KAFKA_SASL_PASSWORD ?? 'acc-test-secret';

const reachable = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [h, p] = address.split(':');
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(p), h);
  });

const message = (): OutboundMessage => ({
  channel: 'integration-events',
  key: 'a1',
  event: { specversion: '1.0', id: randomUUID(), source: '/account-center/core', type: 'account.registered.v1', subject: 'a1', time: new Date().toISOString(), datacontenttype: 'application/json', partitionkey: 'a1', data: { accountId: 'a1' } },
});

function sink(mechanism: string, password: string): KafkaSink {
  const config = bridgeConfig(envReader({ KAFKA_BROKERS: saslBrokers, ACC_KAFKA_SASL_MECHANISM: mechanism, ACC_KAFKA_SASL_USERNAME: USER, ACC_KAFKA_SASL_PASSWORD: password, ACC_KAFKA_TOPIC_PREFIX: `sasl-${randomUUID().slice(0, 6)}.` }));
  return new KafkaSink({ ...config.kafka!, client: { connectionTimeout: 5000 } });
}

kafka.describe(`Kafka SASL over ${saslBrokers}`, () => {
  jest.setTimeout(90_000);
  let up = false;
  beforeAll(async () => {
    up = await reachable(saslBrokers);
    const ci = process.env.CI === 'true' || process.env.CI === '1';
    if (!up && ci) throw new Error(`the broker's SASL listener ${saslBrokers} does not answer under CI=true (test/infra/kafka.sh with KAFKA_SASL_PORT)`);
    if (!up) console.warn(`[kafka SASL] skipped: nothing answers on ${saslBrokers} (start the broker with test/infra/up.sh)`);
  });

  for (const mechanism of ['scram-sha-256', 'scram-sha-512', 'plain']) {
    it(`${mechanism}: publishes with the right password, fails with an authentication error with a wrong one`, async () => {
      if (!up) return;
      const good = sink(mechanism, PASSWORD);
      try {
        await expect(good.send([message()])).resolves.toBeUndefined();
      } finally {
        await good.close();
      }
      const bad = sink(mechanism, 'wrong-password');
      try {
        const error = await bad.send([message()]).then(() => undefined, (e: unknown) => e as Error);
        expect(error).toBeInstanceOf(Error);
        expect(`${error?.name} ${error?.message}`).toMatch(/SASL|[Aa]uthentication/);
        expect(error?.message).not.toContain('wrong-password');
      } finally {
        await bad.close();
      }
    });
  }
});
