import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainEvent } from '@acc/kernel';
import { coreMessages } from '@acc/composition';
import type { Logger } from '@acc/consumers';
import { KafkaSink, startBridge } from '@acc/messaging';
import { requireServer } from '@acc/testing';
import { deleteTopics, readTopics } from '../../libs/platform/messaging/src/testing/kafka';
import { type PublishedMessage, secretProblems } from '../support/bridge-scenario';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/**
 * X-6 end to end in the embedded one-process mode: HTTP commands -> event store -> bridge (in the
 * same process, on the same store) -> NDJSON file, and Kafka when KAFKA_BROKERS is set. Then the
 * CRED-5 scan: the password never leaves, a code only inside its own verification-code notification.
 */
const kafka = requireServer('KAFKA_BROKERS', 'notifications e2e (Kafka part)');

describe('notifications and integration events from real commands (X-6)', () => {
  const data = tempDataDir('acc-e2e-notify-');
  let running: RunningApp;
  const logs: string[] = [];
  const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const codes = new Map<string, string>();
  const hashes: string[] = [];

  beforeAll(async () => {
    running = await startApp(data.dir);
    const call = client(running.url);
    expect((await call('POST', '/v1/verification-codes', { channel: 'email', address: 'carol@example.com', purpose: 'register' })).status).toBe(202);
    const emailCode = await lastCodeSentTo(running.system, 'carol@example.com');
    const created = await call('POST', '/v1/accounts/email-registrations', { email: 'carol@example.com', password: STRONG_PASSWORD, emailCode, industry: 'gaming' });
    expect(created.status).toBe(201);
    await call('PUT', `/v1/accounts/${created.body.uin}/nickname`, { nickname: 'Carol' });
    await call('PUT', `/v1/accounts/${created.body.uin}/industry`, { industry: 'finance' });
    const wechat = await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-notify-e2e') });
    expect(wechat.status).toBe(201);
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: '13900139000', purpose: 'complete_registration', accountId: wechat.body.uin });
    const smsCode = await lastCodeSentTo(running.system, '+8613900139000');
    expect((await call('POST', `/v1/accounts/${wechat.body.uin}/registration-completion`, { phone: '13900139000', phoneCode: smsCode, industry: 'education' })).status).toBe(200);

    // The secrets the events hold (decrypted), to look for in everything published.
    for (const recorded of await running.system.store.readAll()) {
      const event = await running.system.codec.decode<DomainEvent<string, Record<string, unknown>>>(recorded);
      const d = event.data;
      if (event.type === 'VerificationCodeIssued') {
        codes.set((d.delivery as { code: string }).code, d.verificationId as string);
        hashes.push(d.codeHash as string);
      }
      if (typeof d.passwordHash === 'string') hashes.push(d.passwordHash);
    }
    expect(codes.size).toBe(2);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const head = async () => (await running.system.store.readAll()).at(-1)?.position ?? 0;
  const expectedTypes = [
    'verification-code.requested.v1',
    'account.registered.v1',
    'account-welcome.requested.v1',
    'account.profile-changed.v1',
    'account.profile-changed.v1',
    'account.registered.v1',
    'verification-code.requested.v1',
    'account.registration-completed.v1',
    'account-welcome.requested.v1',
  ];

  it('embedded default: CloudEvents in <data dir>/notifications.ndjson, no password, codes only in their notification', async () => {
    const bridge = await startBridge({ store: running.system.store, codec: running.system.codec, mapper: coreMessages, dataDir: data.dir, logger });
    await bridge.waitForPosition(await head());
    await bridge.stop();
    const lines: PublishedMessage[] = readFileSync(join(data.dir, 'notifications.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((value) => ({ key: JSON.parse(value).partitionkey, value }));
    expect(lines.map((l) => JSON.parse(l.value).type)).toEqual(expectedTypes);
    expect(secretProblems(lines, { codes, hashes }, [STRONG_PASSWORD])).toEqual([]);
    expect(secretProblems(logs.map((value) => ({ key: '', value })), { codes, hashes }, [STRONG_PASSWORD, ...codes.keys()])).toEqual([]);
  });

  kafka.describe('to Kafka', () => {
    it('the same messages on the two topics, no password, codes only in their notification', async () => {
      const brokers = (kafka.url ?? '').split(',');
      const sink = new KafkaSink({ brokers, topicPrefix: `e2e-${process.pid}-${Date.now().toString(36)}.` });
      const bridge = await startBridge({ store: running.system.store, codec: running.system.codec, mapper: coreMessages, dataDir: data.dir, sink, logger });
      await bridge.waitForPosition(await head());
      await bridge.stop();
      const records = await readTopics(brokers, Object.values(sink.topics));
      expect(records.map((r) => JSON.parse(r.value).type).sort()).toEqual([...expectedTypes].sort());
      await deleteTopics(brokers, Object.values(sink.topics));
      expect(secretProblems(records, { codes, hashes }, [STRONG_PASSWORD])).toEqual([]);
      expect(secretProblems(logs.map((value) => ({ key: '', value })), { codes, hashes }, [STRONG_PASSWORD, ...codes.keys()])).toEqual([]);
    });
  });
});
