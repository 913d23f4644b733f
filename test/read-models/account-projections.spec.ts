import { randomUUID } from 'node:crypto';
import { accountStreamId, appIdForUin, type IdentityEvent } from '@acc/accounts-domain';
import {
  ACCOUNT_AUDIT_LOG,
  ACCOUNT_LOGIN_METHODS,
  ACCOUNT_PROFILES,
  AccountReadQueries,
  humanize,
  IDENTITY_LINKS,
  ReadModelBehindError,
} from '@acc/accounts-read-models';
import { CORE_PROJECTIONS } from '@acc/composition';
import type { DomainEvent, EventMetadata } from '@acc/kernel';
import { SqliteEventStore } from '@acc/event-store';
import { InMemoryReadStore, Projector } from '@acc/read-store';
import {
  accountRegistered,
  industryChanged,
  loginMethodBound,
  loginMethodReplaced,
  loginMethodUnbound,
  nicknameChanged,
  passwordChanged,
  passwordResetRequested,
  registrationCompleted,
  registrationMethodUnbound,
  securityPhoneChanged,
  virtualMfaBindingStarted,
} from '../../libs/accounts/domain/src/testing/builders';

/**
 * Projection unit tests: given events (already decoded: these go through the store as
 * plain data), which documents result. The real Projector runs them, over an in-memory
 * event store and read store.
 */

const UIN = '100000000042';
const UIN2 = '100000000043';
const meta = (over: Partial<EventMetadata> = {}): EventMetadata => ({
  actor: { service: 'platform-team', user: 'operator-7' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  sourceIp: '203.0.113.9',
  ...over,
});

const registeredByEmail = (uin = UIN) =>
  accountRegistered({
    uin,
    identityRef: 'ref-email-alice',
    identity: 'alice@example.com',
    identityMasked: 'al***@example.com',
    nickname: 'Alice',
    industry: 'gaming',
    passwordHash: 'scrypt$N=1024$c2FsdA$aGFzaA',
    registeredAt: '2025-03-01T10:00:00.000Z',
  });

const registeredByWeChat = (uin = UIN2) =>
  accountRegistered({ uin, method: 'wechat', identityRef: 'ref-wechat-bob', identity: 'wx-union-bob-0001', identityMasked: 'wx****01', nickname: 'user_000043', registeredAt: '2025-03-02T10:00:00.000Z' });

interface Given {
  readonly store: InMemoryReadStore;
  readonly queries: AccountReadQueries;
  readonly projector: Projector;
  readonly events: SqliteEventStore;
  head(): number;
}

async function given(...history: Array<[streamId: string, event: DomainEvent | DomainEvent[], metadata?: EventMetadata]>): Promise<Given> {
  const events = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 10, now: () => new Date('2025-03-05T08:00:00.000Z') });
  for (const [streamId, e, m] of history) {
    const list = Array.isArray(e) ? e : [e];
    await events.append(streamId, list.map((x) => ({ type: x.type, data: x.data as Record<string, unknown>, metadata: m ?? meta() })), { expectedRevision: 'any' });
  }
  const store = new InMemoryReadStore();
  const projector = new Projector({ events, readStore: store, projections: CORE_PROJECTIONS, decode: async (r) => ({ type: r.type, data: r.data }) });
  await projector.start();
  await projector.caughtUp;
  return { store, queries: new AccountReadQueries(store, projector), projector, events, head: () => events.headPosition() };
}

describe('account read models (projections)', () => {
  const opened: Given[] = [];
  const open = async (...history: Parameters<typeof given>) => {
    const g = await given(...history);
    opened.push(g);
    return g;
  };
  afterAll(async () => {
    for (const g of opened) {
      await g.projector.stop();
      await g.events.close();
    }
  });

  it('an email registration gives the profile, the login-method table, the identity link and an audit row', async () => {
    const g = await open([accountStreamId(UIN), registeredByEmail()]);
    const profile = await g.queries.profile(UIN);
    expect(profile).toEqual({
      position: g.head(),
      data: {
        accountId: UIN,
        uin: UIN,
        appId: appIdForUin(UIN),
        nickname: 'Alice',
        industry: 'gaming',
        realNameStatus: 'unverified',
        status: 'active',
        registrationMethod: 'email',
        registeredAt: '2025-03-01T10:00:00.000Z',
        securityPhone: null,
        revision: 0,
        updatedAt: '2025-03-05T08:00:00.000Z',
      },
    });

    const methods = (await g.queries.loginMethods(UIN)).data;
    expect(methods.registrationMethod).toBe('email');
    expect(methods.methods).toEqual([
      { type: 'email', state: 'bound', identity: 'al***@example.com', registration: true, boundAt: '2025-03-01T10:00:00.000Z' },
      { type: 'wechat', state: 'unbound', identity: null, registration: false, boundAt: null },
      { type: 'qq', state: 'unbound', identity: null, registration: false, boundAt: null },
      { type: 'wecom', state: 'unbound', identity: null, registration: false, boundAt: null },
      { type: 'official_account', state: 'unbound', identity: null, registration: false, boundAt: null },
    ]);

    expect((await g.queries.identityLinks('email', 'ref-email-alice')).data).toEqual([
      { kind: 'email', ref: 'ref-email-alice', role: 'registration', accountId: UIN, active: true, since: '2025-03-01T10:00:00.000Z', until: null },
    ]);

    const audit = (await g.queries.auditLog(UIN, { limit: 10, order: 'asc' })).data;
    expect(audit.nextCursor).toBeNull();
    expect(audit.items).toEqual([
      {
        eventId: expect.any(String),
        accountId: UIN,
        stream: 'account',
        position: g.head(),
        revision: 0,
        type: 'AccountRegistered',
        at: '2025-03-05T08:00:00.000Z',
        actor: { service: 'platform-team', user: 'operator-7' },
        sourceIp: '203.0.113.9',
        correlationId: 'corr-1',
        causationId: 'cause-1',
        summary: 'Account registered by Email (al***@example.com)',
        details: { method: 'email', status: 'active', industry: 'gaming' },
      },
    ]);
  });

  it('never copies secrets or plain identities into a read model', async () => {
    const g = await open([accountStreamId(UIN), registeredByEmail()]);
    const everything = JSON.stringify(
      await Promise.all([ACCOUNT_PROFILES, ACCOUNT_LOGIN_METHODS, IDENTITY_LINKS, ACCOUNT_AUDIT_LOG].map((c) => g.store.find(c))),
    );
    expect(everything).not.toContain('scrypt$');
    expect(everything).not.toContain('alice@example.com');
    expect(everything).not.toMatch(/passwordHash|"identity":"alice/);
  });

  it('a third-party registration completed at first login: profile, phone link and audit follow (REG-2)', async () => {
    const g = await open(
      [`identity-wechat-ref-wechat-bob`, { type: 'IdentityRegistrationClaimed', data: { identityRef: 'ref-wechat-bob', identityType: 'wechat', accountId: UIN2, claimedAt: '2025-03-02T10:00:00.000Z' } } satisfies IdentityEvent],
      [accountStreamId(UIN2), registeredByWeChat()],
      [
        accountStreamId(UIN2),
        registrationCompleted({ accountId: UIN2, phoneRef: 'ref-phone-1', phone: '+8613800138000', phoneMasked: '+86138****8000', contactEmail: 'bob@example.com', completedAt: '2025-03-03T09:00:00.000Z' }),
      ],
    );
    expect((await g.queries.profile(UIN2)).data).toMatchObject({ status: 'active', industry: 'education', securityPhone: '+86138****8000', revision: 1, registrationMethod: 'wechat' });
    expect((await g.queries.loginMethods(UIN2)).data.methods.find((m) => m.type === 'wechat')).toMatchObject({ state: 'bound', identity: 'wx****01', registration: true });
    expect((await g.queries.identityLinks('phone', 'ref-phone-1')).data).toEqual([
      { kind: 'phone', ref: 'ref-phone-1', role: 'security_phone', accountId: UIN2, active: true, since: '2025-03-03T09:00:00.000Z', until: null },
    ]);
    const summaries = (await g.queries.auditLog(UIN2, { limit: 10, order: 'asc' })).data.items.map((i) => i.summary);
    expect(summaries).toEqual([
      'Account registered by WeChat (wx****01); registration to be completed at first login',
      'Registration completed: security phone +86138****8000, industry education, contact email set',
    ]);
    // The identity stream's claim is not an account event: no audit row, no profile.
    expect(await g.store.count(ACCOUNT_AUDIT_LOG)).toBe(2);
    const stored = JSON.stringify(await g.store.find(ACCOUNT_AUDIT_LOG));
    expect(stored).not.toContain('+8613800138000');
    expect(stored).not.toContain('bob@example.com');
  });

  it('nickname and industry changes update the profile; the audit log tells them apart', async () => {
    const g = await open(
      [accountStreamId(UIN), registeredByEmail()],
      [accountStreamId(UIN), nicknameChanged({ accountId: UIN, nickname: 'Alice B.', changedAt: '2025-03-04T00:00:00.000Z' })],
      [accountStreamId(UIN), industryChanged({ accountId: UIN, industry: 'finance', previous: 'gaming', changedAt: '2025-03-04T00:00:01.000Z' })],
    );
    expect((await g.queries.profile(UIN)).data).toMatchObject({ nickname: 'Alice B.', industry: 'finance', revision: 2 });
    const items = (await g.queries.auditLog(UIN, { limit: 10, order: 'desc' })).data.items;
    expect(items.map((i) => [i.revision, i.summary])).toEqual([
      [2, 'Industry changed from gaming to finance'],
      [1, 'Nickname changed'],
      [0, 'Account registered by Email (al***@example.com)'],
    ]);
    // The audit summary does not carry the nickname (personal data).
    expect(JSON.stringify(items)).not.toContain('Alice B.');
  });

  it('ignores unknown event types, except for the audit log, which records every account event', async () => {
    const g = await open(
      [accountStreamId(UIN), registeredByEmail()],
      [accountStreamId(UIN), { type: 'FutureFactRecorded', data: { accountId: UIN, subject: 'secret name', kind: 'personal' } }],
      ['something-else-1', { type: 'FutureFactRecorded', data: { accountId: UIN } }],
    );
    expect((await g.queries.profile(UIN)).data.revision).toBe(0);
    expect((await g.queries.auditLog(UIN, { limit: 10, order: 'asc' })).data.items.map((i) => [i.type, i.summary, i.details])).toEqual([
      ['AccountRegistered', 'Account registered by Email (al***@example.com)', { method: 'email', status: 'active', industry: 'gaming' }],
      // A type without its own wording gets a generic summary, and none of its data.
      ['FutureFactRecorded', 'Future fact recorded', {}],
    ]);
    expect(humanize('RegistrationMethodUnbound')).toBe('Registration method unbound');
    // Every projection still moved past the unknown events.
    expect(await g.projector.current('account-profile')).toBe(g.head());
  });

  it('follows the real-name status through verification, a change of subject and the release (RN-1), with masked audit rows', async () => {
    const subject = (kind: 'personal' | 'enterprise', name: string, nameMasked: string) => ({ kind, ref: `ref-${kind}`, name, number: `plain-${kind}-number`, nameMasked, numberMasked: 'pl****ber' });
    const personal = subject('personal', '王小明', '**明');
    const enterprise = subject('enterprise', '深圳市示例科技有限公司', '深圳*******公司');
    const legalPerson = { ref: 'ref-lp', name: '李四', idNumber: 'plain-lp-number', nameMasked: '*四', idNumberMasked: 'pl****ber' };
    const previous = { kind: 'personal', ref: 'ref-personal', legalPersonRef: null };
    const released = { accountId: UIN, subjectKind: 'enterprise', subjectRef: 'ref-enterprise', legalPersonRef: 'ref-lp', reason: 'deregistered', releasedAt: '2025-03-04T00:00:00.000Z' };
    const history: Array<[string, DomainEvent]> = [
      [accountStreamId(UIN), registeredByEmail()],
      [accountStreamId(UIN), { type: 'RealNameVerified', data: { accountId: UIN, subject: personal, legalPerson: null, verifiedAt: '2025-03-02T00:00:00.000Z' } }],
      [accountStreamId(UIN), { type: 'RealNameSubjectChanged', data: { accountId: UIN, subject: enterprise, legalPerson, previous, changedAt: '2025-03-03T00:00:00.000Z' } }],
      [accountStreamId(UIN), { type: 'RealNameVerificationReleased', data: released }],
    ];
    for (const [n, status] of [[2, 'personal'], [3, 'enterprise']] as const) {
      expect((await (await open(...history.slice(0, n))).queries.profile(UIN)).data).toMatchObject({ realNameStatus: status, revision: n - 1 });
    }
    const g = await open(...history);
    expect((await g.queries.profile(UIN)).data).toMatchObject({ realNameStatus: 'unverified', revision: 3 });
    const items = (await g.queries.auditLog(UIN, { limit: 10, order: 'asc' })).data.items;
    expect(items.slice(1).map((i) => i.summary)).toEqual([
      'Real-name verified: personal (**明)',
      'Real-name subject changed from personal to enterprise (深圳*******公司)',
      'Real-name verification released (deregistered)',
    ]);
    for (const plain of ['王小明', '深圳市示例科技有限公司', '李四', 'plain-']) expect(JSON.stringify(items)).not.toContain(plain);
  });

  it('follows login methods through bind, replace, unbind and registration-method unbind (LM-1..LM-5), with the identity index', async () => {
    const g = await open(
      [accountStreamId(UIN), registeredByEmail()],
      [accountStreamId(UIN), loginMethodBound('wechat', { accountId: UIN, identityRef: 'ref-wx-1', identity: 'wx-plain-1', identityMasked: 'wx****01', reservationId: 'res-1', boundAt: '2025-03-02T00:00:00.000Z' })],
      [accountStreamId(UIN), loginMethodBound('qq', { accountId: UIN, identityRef: 'ref-qq-1', identity: 'qq-plain-1', identityMasked: 'qq****11', reservationId: 'res-2', boundAt: '2025-03-02T00:00:01.000Z' })],
      [accountStreamId(UIN), loginMethodReplaced('wechat', { accountId: UIN, previousIdentityRef: 'ref-wx-1', identityRef: 'ref-wx-2', identity: 'wx-plain-2', identityMasked: 'wx****02', reservationId: 'res-3', replacedAt: '2025-03-03T00:00:00.000Z' })],
      [accountStreamId(UIN), loginMethodUnbound('qq', { accountId: UIN, identityRef: 'ref-qq-1', unboundAt: '2025-03-03T00:00:01.000Z' })],
      [accountStreamId(UIN), registrationMethodUnbound('email', { accountId: UIN, identityRef: 'ref-email-alice', unboundAt: '2025-03-04T00:00:00.000Z' })],
      [accountStreamId(UIN), securityPhoneChanged({ accountId: UIN, phoneRef: 'ref-phone-2', phone: '+8613900139000', phoneMasked: '+86139****9000', reservationId: 'res-4', changedAt: '2025-03-04T00:00:01.000Z' })],
    );
    const rows = Object.fromEntries((await g.queries.loginMethods(UIN)).data.methods.map(({ type, ...row }) => [type, row]));
    expect(rows).toEqual({
      email: { state: 'unbound', identity: null, registration: false, boundAt: null },
      wechat: { state: 'bound', identity: 'wx****02', registration: false, boundAt: '2025-03-03T00:00:00.000Z' },
      qq: { state: 'unbound', identity: null, registration: false, boundAt: null },
      wecom: { state: 'unbound', identity: null, registration: false, boundAt: null },
      official_account: { state: 'unbound', identity: null, registration: false, boundAt: null },
    });
    const active = async (kind: 'email' | 'wechat' | 'qq' | 'phone', ref: string) => (await g.queries.identityLinks(kind, ref)).data.map((l) => l.role);
    expect(await active('wechat', 'ref-wx-1')).toEqual([]);
    expect(await active('wechat', 'ref-wx-2')).toEqual(['login_method']);
    expect(await active('qq', 'ref-qq-1')).toEqual([]);
    expect(await active('email', 'ref-email-alice')).toEqual([]);
    expect(await active('phone', 'ref-phone-2')).toEqual(['security_phone']);
    expect(await g.store.find(IDENTITY_LINKS, { accountId: UIN, active: false }, { sort: { _id: 1 } })).toHaveLength(3);
    expect((await g.queries.profile(UIN)).data.securityPhone).toBe('+86139****9000');
    expect((await g.queries.auditLog(UIN, { limit: 20, order: 'asc', types: ['LoginMethodReplaced', 'RegistrationMethodUnbound'] })).data.items.map((i) => i.summary)).toEqual([
      'WeChat login method replaced by wx****02',
      'Registration method Email unbound',
    ]);
    expect(JSON.stringify(await g.store.find(ACCOUNT_LOGIN_METHODS))).not.toMatch(/plain/);
  });

  it('records the security history of an account (login and session streams) without secrets', async () => {
    const g = await open(
      [accountStreamId(UIN), registeredByEmail()],
      [accountStreamId(UIN), virtualMfaBindingStarted({ accountId: UIN, deviceId: 'dev-1', secret: 'JBSWY3DPEHPK3PXP', startedAt: 'x', expiresAt: 'y' })],
      [accountStreamId(UIN), passwordResetRequested({ accountId: UIN, expiresAt: '2025-03-05T09:00:00.000Z', requestedAt: 'x', delivery: { address: 'alice@example.com', token: 'reset-token-xyz' } })],
      [accountStreamId(UIN), passwordChanged({ accountId: UIN, passwordHash: 'scrypt$new', reason: 'reset', changedAt: 'x' })],
      [`login-${UIN}`, { type: 'LoginFailed', data: { accountId: UIN, method: 'password', failures: 1, city: 'Shenzhen', deviceHash: 'd', at: 'x' } }],
      [`login-${UIN}`, { type: 'LoginSucceeded', data: { accountId: UIN, method: 'password', city: 'Shenzhen', deviceHash: 'd', challengeHash: null, verifiedBy: null, sessionIdHash: 'sess-hash', at: 'x' } }],
      [`sessions-${UIN}`, { type: 'SessionIssued', data: { accountId: UIN, sessionIdHash: 'sess-hash', method: 'password', city: 'Shenzhen', issuedAt: 'x', idleMinutes: 120, maxExpiresAt: 'y' } }],
      [`sessions-${UIN}`, { type: 'SessionRefreshed', data: { accountId: UIN, sessionIdHash: 'sess-hash', at: 'x' } }],
    );
    const items = (await g.queries.auditLog(UIN, { limit: 20, order: 'asc' })).data.items;
    expect(items.map((i) => [i.stream, i.summary])).toEqual([
      ['account', 'Account registered by Email (al***@example.com)'],
      ['account', 'Virtual MFA binding started'],
      ['account', 'Password reset requested'],
      ['account', 'Password reset'],
      ['login', 'Login failed (password), 1 consecutive failure(s)'],
      ['login', 'Logged in (password)'],
      ['sessions', 'Session started'],
    ]);
    const stored = JSON.stringify(await g.store.find(ACCOUNT_AUDIT_LOG));
    for (const secret of ['JBSWY3DPEHPK3PXP', 'reset-token-xyz', 'scrypt$', 'alice@example.com', 'Shenzhen', 'sess-hash']) expect(stored).not.toContain(secret);
  });

  it('shows erased personal data as erased (crypto-shredded subject, X-2)', async () => {
    const erased = registeredByEmail();
    const data = { ...erased.data, identity: '[erased]', identityMasked: '[erased]', nickname: '[erased]', passwordHash: '[erased]' };
    const g = await open([accountStreamId(UIN), { type: erased.type, data }]);
    expect((await g.queries.profile(UIN)).data.nickname).toBe('[erased]');
    expect((await g.queries.loginMethods(UIN)).data.methods[0].identity).toBe('[erased]');
  });

  it('pages the audit log by cursor, both ways, filtered by time range and types', async () => {
    const changes = Array.from({ length: 7 }, (_, i) =>
      i % 2 === 0
        ? nicknameChanged({ accountId: UIN, nickname: `n${i}`, changedAt: 'x' })
        : industryChanged({ accountId: UIN, industry: i % 4 === 1 ? 'finance' : 'gaming', previous: null, changedAt: 'x' }),
    );
    const g = await open([accountStreamId(UIN), registeredByEmail()], ...changes.map((c) => [accountStreamId(UIN), c] as [string, DomainEvent]));
    const all = (await g.queries.auditLog(UIN, { limit: 100, order: 'asc' })).data.items;
    expect(all).toHaveLength(8);

    const pages: number[][] = [];
    let cursor: number | undefined;
    do {
      const page = (await g.queries.auditLog(UIN, { limit: 3, order: 'desc', cursor })).data;
      pages.push(page.items.map((i) => i.revision));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toEqual([[7, 6, 5], [4, 3, 2], [1, 0]]);

    const renames = (await g.queries.auditLog(UIN, { limit: 100, order: 'asc', types: ['NicknameChanged'] })).data.items;
    expect(renames.map((i) => i.revision)).toEqual([1, 3, 5, 7]);
    // Every event here was recorded at the same instant: a range before it is empty, one around it is full.
    expect((await g.queries.auditLog(UIN, { limit: 100, order: 'asc', to: '2025-03-05T08:00:00.000Z' })).data.items).toEqual([]);
    expect((await g.queries.auditLog(UIN, { limit: 100, order: 'asc', from: '2025-03-05T08:00:00.000Z', to: '2025-03-05T08:00:00.001Z' })).data.items).toHaveLength(8);
  });

  it('answers not found for an unknown account, and refuses to answer from behind an awaited position', async () => {
    const g = await open([accountStreamId(UIN), registeredByEmail()]);
    await expect(g.queries.profile('999999999999')).rejects.toMatchObject({ error: { code: 'ACCOUNT_NOT_FOUND', kind: 'not_found' } });
    await expect(g.queries.auditLog('999999999999', { limit: 5, order: 'asc' })).rejects.toMatchObject({ error: { code: 'ACCOUNT_NOT_FOUND' } });
    await expect(g.queries.profile(UIN, { waitForPosition: g.head() + 1000, timeoutMs: 50 })).rejects.toBeInstanceOf(ReadModelBehindError);

    // A write that lands while the caller waits is seen.
    const waiting = g.queries.profile(UIN, { waitForPosition: g.head() + 1, timeoutMs: 3000 });
    await g.events.append(accountStreamId(UIN), [{ ...nicknameChanged({ accountId: UIN, nickname: 'Later', changedAt: 'x' }), metadata: meta({ correlationId: randomUUID() }) }], { expectedRevision: 0 });
    expect((await waiting).data.nickname).toBe('Later');
  });
});
