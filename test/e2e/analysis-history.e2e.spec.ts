import { ERASED } from '@acc/crypto';
import type { Scope } from '../../apps/command-api/src/http/scopes';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';

const AUDITOR_KEY = 'test-key-auditors-0123456789';
const PRIVACY_KEY = 'test-key-privacy-office-0123456789';

interface Entry {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** X-7 history: paging while the account changes, filters, masking, and plain reads that are themselves recorded. */
describe('history of an account', () => {
  const data = tempDataDir();
  const email = 'analysis.history@example.com';
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let auditor: ReturnType<typeof client>;
  let privacy: ReturnType<typeof client>;
  let uin: string;

  const historyPositions = async () => {
    const streams = [`account-${uin}`, `login-${uin}`, `sessions-${uin}`, `deregistration-${uin}`, `access-log-${uin}`];
    return (await Promise.all(streams.map((s) => running.system.store.readStream(s)))).flat().map((e) => e.position).sort((a, b) => a - b);
  };

  /**
   * Every page in one order while a writer changes the nickname concurrently (and once more
   * between any two pages, so that appends surely fall between pages).
   */
  async function pageThrough(order: 'oldest' | 'newest', limit: number) {
    let writing = true;
    let round = 0;
    const rename = async () => {
      const renamed = await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: `${order} ${round++}` });
      expect({ status: renamed.status, body: renamed.status === 200 ? null : renamed.body }).toEqual({ status: 200, body: null });
    };
    // A bounded writer: an unbounded one could outrun the oldest-first reader for ever.
    const writer = (async () => {
      for (let i = 0; i < 8 && writing; i++) {
        await rename();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Record<string, any> } = await auditor('GET', `/v1/accounts/${uin}/history?order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
      if (cursor) await rename();
    } while (cursor);
    writing = false;
    await writer;
    return seen.map((e) => e.position);
  }

  beforeAll(async () => {
    const base = testConfig(data.dir);
    const grant = (team: string, scopes: Scope[]) => ({ team, scopes: new Set(scopes) });
    const apiKeys = new Map([...base.apiKeys, [AUDITOR_KEY, grant('auditors', ['audit:read'])], [PRIVACY_KEY, grant('privacy-office', ['audit:read', 'personal-data:read'])]]);
    running = await startApp(data.dir, { config: { apiKeys } });
    call = client(running.url);
    auditor = client(running.url, { authorization: `Bearer ${AUDITOR_KEY}` });
    privacy = client(running.url, { authorization: `Bearer ${PRIVACY_KEY}` });
    await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    uin = (await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, email) })).body.uin;
    for (const nickname of ['One', 'Two', 'Three']) await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname }, { 'x-end-user': 'user-7', 'x-correlation-id': `corr-${nickname}` });
    expect((await call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD })).status).toBe(200);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('covers the account’s streams in every context, with each event’s metadata', async () => {
    const page = await auditor('GET', `/v1/accounts/${uin}/history?limit=500`);
    const entries = page.body.entries as Entry[];
    expect(entries.map((e) => e.position)).toEqual(await historyPositions());
    expect(new Set(entries.map((e) => e.streamId.replace(uin, '<id>')))).toEqual(new Set(['account-<id>', 'login-<id>', 'sessions-<id>']));
    const nickname = entries.find((e) => e.type === 'NicknameChanged')!;
    expect(nickname.metadata).toEqual({ team: 'platform-team', endUser: 'user-7', sourceIp: '127.0.0.1', correlationId: 'corr-One', causationId: 'corr-One' });
  });

  it('pages oldest first while events are appended: every event exactly once, including the new ones', async () => {
    const before = await historyPositions();
    const seen = await pageThrough('oldest', 2);
    const after = await historyPositions();
    // Ascending, none twice, none skipped up to the last one handed out, the new ones included.
    expect(seen).toEqual(after.filter((p) => p <= seen[seen.length - 1]));
    expect(seen.length).toBeGreaterThan(before.length);
    expect(seen).toEqual(expect.arrayContaining(before));
  });

  it('pages newest first while events are appended: every event that existed at the first page exactly once', async () => {
    const before = await historyPositions();
    const seen = await pageThrough('newest', 3);
    const after = await historyPositions();
    // Descending from the first page's newest event down to the first event, none twice or skipped.
    expect(seen).toEqual(after.filter((p) => p <= seen[0]).reverse());
    expect(seen).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(seen.length);
  });

  it('filters by type and by a position or time range; refuses a cursor of the other order', async () => {
    const all = (await auditor('GET', `/v1/accounts/${uin}/history?limit=500`)).body.entries as Entry[];
    const nicknames = (await auditor('GET', `/v1/accounts/${uin}/history?types=NicknameChanged&limit=500`)).body.entries as Entry[];
    expect(nicknames.map((e) => e.position)).toEqual(all.filter((e) => e.type === 'NicknameChanged').map((e) => e.position));
    const [from, to] = [all[1].position, all[3].position];
    const range = (await auditor('GET', `/v1/accounts/${uin}/history?from=${from}&to=${to}`)).body.entries as Entry[];
    expect(range.map((e) => e.position)).toEqual(all.slice(1, 4).map((e) => e.position));
    const future = await auditor('GET', `/v1/accounts/${uin}/history?from=2999-01-01T00:00:00Z`);
    expect(future.body.entries).toEqual([]);
    const first = await auditor('GET', `/v1/accounts/${uin}/history?limit=1`);
    const wrongOrder = await auditor('GET', `/v1/accounts/${uin}/history?order=newest&cursor=${first.body.nextCursor}`);
    expect({ status: wrongOrder.status, code: wrongOrder.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
  });

  it('masks personal data by default: the schema’s personal fields read ***, no plain email anywhere', async () => {
    const page = await auditor('GET', `/v1/accounts/${uin}/history?types=AccountRegistered`);
    expect(page.body.masked).toBe(true);
    expect(page.body.entries[0].data).toMatchObject({ accountId: uin, identity: '***', identityMasked: '***', nickname: '***', passwordHash: '[secret]' });
    expect(JSON.stringify((await auditor('GET', `/v1/accounts/${uin}/history?limit=500`)).body)).not.toContain(email);
  });

  it('plain personal data: 403 without the scope, 400 without a reason, and with both the read is recorded in the history', async () => {
    const noScope = await auditor('GET', `/v1/accounts/${uin}/history?personalData=plain&reason=case%2042`);
    expect({ status: noScope.status, code: noScope.body.code, scope: noScope.body.details?.requiredScope }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE', scope: 'personal-data:read' });
    const noReason = await privacy('GET', `/v1/accounts/${uin}/history?personalData=plain`);
    expect({ status: noReason.status, code: noReason.body.code }).toEqual({ status: 400, code: 'REASON_REQUIRED' });
    expect(await running.system.store.readStream(`access-log-${uin}`)).toEqual([]);

    const plain = await privacy('GET', `/v1/accounts/${uin}/history?personalData=plain&types=AccountRegistered`, undefined, { 'x-access-reason': 'fraud case 42', 'x-end-user': 'analyst-9' });
    expect(plain.status).toBe(200);
    expect(plain.body.masked).toBe(false);
    expect(plain.body.entries[0].data).toMatchObject({ identity: email, identityMasked: expect.stringContaining('***'), passwordHash: '[secret]' });

    const log = await auditor('GET', `/v1/accounts/${uin}/history?types=PersonalDataRead`);
    expect(log.body.entries).toEqual([
      expect.objectContaining({
        streamId: `access-log-${uin}`,
        type: 'PersonalDataRead',
        data: expect.objectContaining({ accountId: uin, reader: { service: 'privacy-office', user: 'analyst-9' }, reason: 'fraud case 42', what: 'history' }),
        metadata: expect.objectContaining({ team: 'privacy-office', endUser: 'analyst-9' }),
      }),
    ]);
  });

  it('once the account’s data key is destroyed, its personal fields read as erased, masked or plain', async () => {
    await running.system.keys.destroy(`accountId:${uin}`);
    const masked = await auditor('GET', `/v1/accounts/${uin}/history?types=AccountRegistered`);
    expect(masked.body.entries[0].data).toMatchObject({ identity: ERASED, nickname: ERASED });
    const plain = await privacy('GET', `/v1/accounts/${uin}/history?types=AccountRegistered&personalData=plain&reason=erasure%20check`);
    expect(plain.body.entries[0].data).toMatchObject({ identity: ERASED, nickname: ERASED });
  });
});
