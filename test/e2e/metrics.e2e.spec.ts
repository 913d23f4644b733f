import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { coreMessages } from '@acc/composition';
import { type MessageBridge, startBridge } from '@acc/messaging';
import type { ApiKeyGrant } from '../../apps/command-api/src/http/api-keys';
import { SCOPES } from '../../apps/command-api/src/http/scopes';
import { createApp } from '../../apps/command-api/src/bootstrap';
import { lagBehind } from '../../apps/command-api/src/observability/lag';
import { type Observability, observeSystem } from '../../apps/command-api/src/observability/observe-system';
import { createSystem, type System } from '../../apps/command-api/src/system';
import { API_KEY, client, countEvents, lastCodeSentTo, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';
import { headPosition, waitUntil } from '../support/read-side';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The Prometheus text format, sample lines only. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

/** Issue 15 item 3: /metrics, behind the metrics:read scope, counts what the process did. */
describe('metrics', () => {
  jest.setTimeout(60_000);
  const data = tempDataDir('acc-metrics-');
  const SCRAPER = 'scraper-key';
  const keys = new Map<string, ApiKeyGrant>([
    [API_KEY, { team: 'platform-team', scopes: new Set(SCOPES.filter((s) => s !== 'metrics:read')) }],
    [SCRAPER, { team: 'monitoring', scopes: new Set(['metrics:read']) }],
  ]);
  let system: System;
  let observability: Observability;
  let app: NestFastifyApplication;
  let bridge: MessageBridge;
  let url: string;
  let uin: string;

  beforeAll(async () => {
    system = createSystem(testConfig(data.dir, { apiKeys: keys, abuseLimits: { ...testConfig(data.dir).abuseLimits, send: { perAccount: 0, perTeam: 2, perSourceIp: 0, global: 0 } } }));
    observability = observeSystem(system);
    app = await createApp(system, { observability, logger: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await system.scheduler.start();
    bridge = await startBridge({ store: system.store, codec: system.codec, mapper: coreMessages, dataDir: data.dir });
    observability.metrics.watchConsumer({ name: 'kafka-bridge', lag: () => lagBehind(system.store, bridge.position, system.clock) });
  });
  afterAll(async () => {
    await bridge.stop();
    await app.close();
    await system.close();
    data.remove();
  });

  const scrape = async (key = SCRAPER) => {
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('is refused without a key (401) and to a key without metrics:read (403), and answers the scraper in the text format', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const lacking = await scrape(API_KEY);
    expect([lacking.status, JSON.parse(lacking.text).code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(() => parse(ok.text)).not.toThrow();
  });

  it('counts commands by type and outcome, appends, HTTP answers by route and status, rate-limit refusals and consumer lag', async () => {
    const call = client(url);
    const send = (address: string) => call('POST', '/v1/verification-codes', { channel: 'email', address, purpose: 'register' });
    expect((await send('one@example.com')).status).toBe(202);
    // A code to the same address again at once: refused by the verification's own rule (a refused command, not counted by the limit).
    expect((await send('one@example.com')).body.code).toBe('VERIFICATION_CODE_THROTTLED');
    expect((await send('two@example.com')).status).toBe(202);
    // Over the team's limit of 2 sends a minute: refused before any command runs.
    expect((await send('three@example.com')).body).toMatchObject({ code: 'SEND_RATE_LIMITED', details: { limit: 'per_team' } });
    const registered = await call('POST', '/v1/accounts/email-registrations', { email: 'two@example.com', password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(system, 'two@example.com') });
    expect(registered.status).toBe(201);
    uin = registered.body.uin;
    const head = await headPosition(system);
    await bridge.waitForPosition(head);
    await waitUntil('the projector reaches the head', async () => (await system.readSide.status()).projections.every((p) => p.position === head));
    await system.scheduler.waitForPosition(head);

    const samples = parse((await scrape()).text);
    const commands = samples.filter((s) => s.name === 'acc_commands_total');
    expect(value(commands, 'acc_commands_total', { aggregate: 'verification', outcome: 'accepted' })).toBeGreaterThanOrEqual(2);
    expect(value(commands, 'acc_commands_total', { aggregate: 'verification', outcome: 'refused' })).toBe(1);
    expect(commands.every((s) => s.labels.command && s.labels.aggregate)).toBe(true);
    // Every command has its latency observed once, under the same labels.
    expect(value(samples, 'acc_command_duration_seconds_count')).toBe(value(samples, 'acc_commands_total'));
    // Appends: every event in the store was appended by a command, and counted.
    expect(value(samples, 'acc_event_store_appended_events_total')).toBe(await countEvents(system));
    expect(value(samples, 'acc_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(samples, 'acc_event_store_group_commit_writes_count')).toBeGreaterThan(0);
    expect(value(samples, 'acc_event_store_group_commit_writes_sum')).toBeGreaterThanOrEqual(value(samples, 'acc_event_store_append_duration_seconds_count', { outcome: 'ok' }));
    expect(value(samples, 'acc_http_requests_total', { method: 'POST', route: '/v1/verification-codes', status: '202' })).toBe(2);
    expect(value(samples, 'acc_http_requests_total', { method: 'POST', route: '/v1/verification-codes', status: '429' })).toBe(2);
    expect(value(samples, 'acc_http_requests_total', { method: 'POST', route: '/v1/accounts/email-registrations', status: '201' })).toBe(1);
    expect(value(samples, 'acc_http_requests_total', { route: '/metrics', status: '403' })).toBe(1);
    expect(value(samples, 'acc_http_request_duration_seconds_count', { method: 'POST', route: '/v1/verification-codes' })).toBe(4);
    expect(value(samples, 'acc_rate_limit_refusals_total', { code: 'SEND_RATE_LIMITED', limit: 'per_team' })).toBe(1);
    expect(value(samples, 'acc_rate_limit_refusals_total')).toBe(1);
    for (const consumer of ['projector', 'kafka-bridge', 'scheduler']) {
      expect({ consumer, position: value(samples, 'acc_consumer_position', { consumer }), behind: value(samples, 'acc_consumer_lag_events', { consumer }), seconds: value(samples, 'acc_consumer_lag_seconds', { consumer }) }).toEqual({
        consumer,
        position: head,
        behind: 0,
        seconds: 0,
      });
    }
    expect(samples.some((s) => s.name === 'acc_scheduler_timers_pending')).toBe(true);
    expect(value(samples, 'acc_scheduler_timers_pending')).toBe(system.scheduler.status().pending);
  });

  it('reports a consumer behind the log: positions and the age of its oldest unconsumed event', async () => {
    await bridge.stop();
    const before = await headPosition(system);
    expect((await client(url)('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'Behind' })).status).toBe(200);
    const after = await headPosition(system);
    expect(after).toBeGreaterThan(before);
    const samples = parse((await scrape()).text);
    expect(value(samples, 'acc_consumer_position', { consumer: 'kafka-bridge' })).toBe(before);
    expect(value(samples, 'acc_consumer_lag_events', { consumer: 'kafka-bridge' })).toBe(after - before);
    expect(value(samples, 'acc_consumer_lag_seconds', { consumer: 'kafka-bridge' })).toBeGreaterThanOrEqual(0);
    bridge = await startBridge({ store: system.store, codec: system.codec, mapper: coreMessages, dataDir: data.dir });
  });
});
