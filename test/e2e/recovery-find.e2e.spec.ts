import { ManualClock, type RecordedEvent } from '@acc/kernel';
import { coreMessages } from '@acc/composition';
import { FaceAssertionVerifier } from '../../apps/command-api/src/accounts/deregistration-face';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';
import { deregistrationSteps, FACE_SECRET, REAL_NAME_SECRET } from '../support/deregistration';

/**
 * REC-1 through HTTP on the embedded defaults: each of the seven proofs finds a matching account
 * and tells it only through the verified channel (the SMS in the message table, or after a
 * passed face / an approved case); a proof that matches nothing gets the same bytes back.
 */
describe('find accounts (REC-1) without enumeration', () => {
  const data = tempDataDir('acc-recovery-e2e-');
  const clock = new ManualClock('2026-10-08T02:00:00.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let steps: ReturnType<typeof deregistrationSteps>;
  let personalUin: string;
  let enterpriseUin: string;
  const personalPhone = '+8613800140001';
  const enterprisePhone = '+8613800140002';

  const config = (dir: string, limits = { perSourceIp: 0, perProofValue: 0, perTeam: 0 }) => ({
    realNameGatewaySecret: REAL_NAME_SECRET,
    deregistration: { ...testConfig(dir).deregistration, faceGatewaySecret: FACE_SECRET },
    recovery: { ...testConfig(dir).recovery, limits },
  });
  /** Status and body as the caller sees them, with the random request id (also in a problem's `instance` path) blanked. */
  const seen = (r: { status: number; body: unknown }) => `${r.status} ${JSON.stringify(r.body).replace(/\b[a-z2-9]{26}\b/g, '<id>')}`;
  const start = (proof: Record<string, unknown>) => call('POST', '/v1/recovery/requests', proof);
  const face = (requestId: string, subject: 'personal' | 'legal_person', passed = true) =>
    FaceAssertionVerifier.sign(FACE_SECRET, { accountId: requestId, subject, passed }, 300, clock.now()).then((assertion) => call('POST', `/v1/recovery/requests/${requestId}/face`, { assertion }));

  async function eventsOf(requestId: string): Promise<RecordedEvent[]> {
    return (await running.system.store.readAll()).filter((r) => r.streamId === `recovery-${requestId}`);
  }
  /** The notifications the bridge would publish for a request. */
  async function messagesOf(requestId: string) {
    const out: Array<{ type: string; data: Record<string, any> }> = [];
    for (const recorded of await eventsOf(requestId)) {
      const decoded = await running.system.codec.decode(recorded as RecordedEvent<Record<string, unknown>>);
      for (const m of coreMessages.map({ ...recorded, data: decoded.data as Record<string, unknown> }, { source: 'test', now: clock.now() })) out.push({ type: m.event.type, data: m.event.data as Record<string, any> });
    }
    return out;
  }
  const codeOf = async (requestId: string) => (await messagesOf(requestId)).filter((m) => m.type === 'recovery-code.requested.v1').at(-1)?.data.code as string;
  const accountsSms = async (requestId: string) => (await messagesOf(requestId)).filter((m) => m.type === 'recovery-accounts.requested.v1').map((m) => ({ recipient: m.data.recipient, accountIds: m.data.accountIds }));

  beforeAll(async () => {
    running = await startApp(data.dir, { config: config(data.dir), system: { clock } });
    call = client(running.url);
    steps = deregistrationSteps(call, running.system, clock);
    personalUin = await steps.activeAccount('recovery-personal', personalPhone);
    await steps.verifyRealName(personalUin, 'personal');
    enterpriseUin = await steps.activeAccount('recovery-enterprise', enterprisePhone);
    await steps.verifyRealName(enterpriseUin, 'enterprise');
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  /** A phone-code proof: the same answers for both values; the match's ids reach its phone by SMS only. */
  async function phoneProof(match: Record<string, unknown>, miss: Record<string, unknown>, phone: string, uin: string) {
    const found = await start(match);
    const missed = await start(miss);
    expect(found.status).toBe(202);
    expect(seen(missed)).toBe(seen(found));
    expect(found.body.next).toBe('confirm_code');
    // A wrong code answers alike too.
    expect(seen(await call('POST', `/v1/recovery/requests/${missed.body.requestId}/code`, { code: '000000' }))).toBe(seen(await call('POST', `/v1/recovery/requests/${found.body.requestId}/code`, { code: '000000' })));
    const confirmed = await call('POST', `/v1/recovery/requests/${found.body.requestId}/code`, { code: await codeOf(found.body.requestId) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ requestId: found.body.requestId, next: 'done' });
    expect(JSON.stringify(confirmed.body)).not.toContain(uin);
    expect(await accountsSms(found.body.requestId)).toEqual([{ recipient: phone, accountIds: [uin] }]);
    expect(await accountsSms(missed.body.requestId)).toEqual([]);
    return { found, missed };
  }

  it('security phone: a code to the phone, then the account ids by SMS to that phone', async () => {
    const { missed } = await phoneProof({ kind: 'security_phone', phone: personalPhone }, { kind: 'security_phone', phone: '+8613800149999' }, personalPhone, personalUin);
    // The phone without accounts got a code too (it is the caller's own), and after it an SMS saying "none".
    const other = await call('POST', `/v1/recovery/requests/${missed.body.requestId}/code`, { code: await codeOf(missed.body.requestId) });
    expect(other.body).toEqual({ requestId: missed.body.requestId, next: 'done' });
    expect(await accountsSms(missed.body.requestId)).toEqual([{ recipient: '+8613800149999', accountIds: [] }]);
  });

  it('domain name, ICP filing (by number and by domain) and public IP: the owner is told through its security phone', async () => {
    expect((await call('PUT', '/v1/recovery/owned-resources/domain/example-owner.cn', { accountId: personalUin })).status).toBe(200);
    expect((await call('PUT', `/v1/recovery/owned-resources/icp_filing/${encodeURIComponent('粤ICP备12345678号')}`, { accountId: personalUin, domain: 'filed-site.cn' })).status).toBe(200);
    expect((await call('PUT', '/v1/recovery/owned-resources/public_ip/203.0.113.7', { accountId: personalUin, server: 'lighthouse' })).status).toBe(200);
    await phoneProof({ kind: 'domain', value: 'Example-Owner.cn' }, { kind: 'domain', value: 'nobody-owns.cn' }, personalPhone, personalUin);
    await phoneProof({ kind: 'icp_filing', value: '粤ICP备12345678号' }, { kind: 'icp_filing', value: '粤ICP备00000000号' }, personalPhone, personalUin);
    await phoneProof({ kind: 'icp_filing', value: 'filed-site.cn' }, { kind: 'icp_filing', value: 'unfiled-site.cn' }, personalPhone, personalUin);
    await phoneProof({ kind: 'public_ip', value: '203.0.113.7', server: 'lighthouse' }, { kind: 'public_ip', value: '203.0.113.7', server: 'cvm' }, personalPhone, personalUin);
  });

  it('account id by security-phone code', async () => {
    await phoneProof({ kind: 'account_id', accountId: personalUin }, { kind: 'account_id', accountId: '999999999999' }, personalPhone, personalUin);
  });

  it('account id by face verification: the same start, the account shown only after the face passed', async () => {
    const found = await start({ kind: 'account_id', accountId: personalUin, method: 'face' });
    const missed = await start({ kind: 'account_id', accountId: '999999999999', method: 'face' });
    expect(seen(missed)).toBe(seen(found));
    expect(found.body.next).toBe('face_verification');
    const shown = await face(found.body.requestId, 'personal');
    expect(shown.body.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([personalUin]);
  });

  it('personal information + face: the personally verified accounts, masked, after the face only', async () => {
    const found = await start({ kind: 'personal', name: '王小明', idNumber: `1101051949123${personalUin.slice(-4)}X`.slice(0, 18) });
    const missed = await start({ kind: 'personal', name: '王小明', idNumber: '110105194912310000' });
    expect(found.status).toBe(202);
    expect(seen(missed)).toBe(seen(found));
    expect(JSON.stringify(found.body)).not.toContain(personalUin);
    expect(seen(await face(missed.body.requestId, 'personal', false))).toBe(seen(await face(found.body.requestId, 'personal', false)));
    const again = await start({ kind: 'personal', name: '王小明', idNumber: `1101051949123${personalUin.slice(-4)}X`.slice(0, 18) });
    const shown = await face(again.body.requestId, 'personal');
    expect(shown.status).toBe(200);
    expect(shown.body.accounts).toEqual([{ accountId: personalUin, loginMethods: [expect.objectContaining({ type: 'wechat' })], realName: { kind: 'personal', name: expect.stringContaining('*'), number: expect.stringContaining('*') } }]);
  });

  it('enterprise information: legal-person face, contact phone code, a review case; progress by case code + phone + code; on approval the accounts', async () => {
    const proof = { kind: 'enterprise', companyName: '深圳市示例科技有限公司', creditCode: `91440300MA5F${enterpriseUin.slice(-6)}`, legalPersonName: '李四', legalPersonIdNumber: '44030519800101345X', reason: 'the administrator left' };
    const contact = '+8613800140077';
    const run = async (p: Record<string, unknown>) => {
      const started = await start(p);
      const id = started.body.requestId as string;
      const faced = await face(id, 'legal_person');
      const phoned = await call('POST', `/v1/recovery/requests/${id}/contact-phone`, { phone: contact });
      clock.advance(1000);
      const confirmed = await call('POST', `/v1/recovery/requests/${id}/code`, { code: await codeOf(id) });
      return { id, answers: [started, faced, phoned].map((r) => seen(r)), confirmed };
    };
    const found = await run(proof);
    const missed = await run({ ...proof, creditCode: '91440300MA5F000000' });
    expect(missed.answers).toEqual(found.answers);
    expect(found.confirmed.body).toMatchObject({ next: 'review', reviewCase: { caseCode: expect.stringMatching(/^RC-/) } });
    expect(Object.keys(missed.confirmed.body)).toEqual(Object.keys(found.confirmed.body));
    const caseCode = found.confirmed.body.reviewCase.caseCode as string;

    const progress = async () => {
      const asked = await start({ kind: 'case_progress', caseCode, phone: contact });
      return call('POST', `/v1/recovery/requests/${asked.body.requestId}/code`, { code: await codeOf(asked.body.requestId) });
    };
    expect((await progress()).body.progress).toMatchObject({ caseCode, status: 'under_review', accounts: [] });
    expect((await call('GET', `/v1/accounts/${enterpriseUin}/recovery-grants`)).status).toBe(404);
    expect((await call('POST', `/v1/review-cases/${caseCode}/approve`, {})).status).toBe(200);
    const approved = await progress();
    expect(approved.body.progress).toMatchObject({ caseCode, status: 'approved', accounts: [{ accountId: enterpriseUin, realName: { kind: 'enterprise' } }] });
    const types = (await messagesOf(found.id)).map((m) => m.type);
    expect(types).toEqual(expect.arrayContaining(['recovery-case-progress.requested.v1']));
    await grantAfterApproval(caseCode);
  });

  /** REC-1 → REC-2: the approval issued the found account's 24-hour grant; a redelivery issues no second one. */
  async function grantAfterApproval(caseCode: string) {
    const grant = await call('GET', `/v1/accounts/${enterpriseUin}/recovery-grants`);
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ accountId: enterpriseUin, caseCode, used: [], expired: false });
    expect(Date.parse(grant.body.expiresAt) - Date.parse(grant.body.issuedAt)).toBe(24 * 3_600_000);
    const reviewCase = (await running.system.reviewCases.get(caseCode)) as never;
    await running.system.recovery.reviewOutcome.approved(reviewCase, { actor: { service: 'review-team' } } as never);
    expect((await running.system.store.readAll()).filter((r) => r.type === 'RecoveryGrantIssued' && r.streamId.endsWith(enterpriseUin))).toHaveLength(1);

    const email = 'recovered.enterprise@example.com';
    const add = async (address: string) => {
      await call('POST', '/v1/verification-codes', { channel: 'email', address, purpose: 'bind', accountId: enterpriseUin });
      return call('POST', `/v1/accounts/${enterpriseUin}/recovery-grants/login-email`, { email: address, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, address) });
    };
    const added = await add(email);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ caseCode, used: ['login_email'], loginEmail: expect.stringContaining('@example.com') });
    const again = await add('recovered.again@example.com');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RECOVERY_GRANT_ALREADY_USED');
  }

  it('keeps personal data out of the plain event data', async () => {
    const raw = JSON.stringify((await running.system.store.readAll()).filter((r) => r.streamId.startsWith('recovery-')).map((r) => r.data));
    expect(raw).not.toContain(personalPhone);
    expect(raw).not.toContain('the administrator left');
  });
});

describe('recovery rate limits hold exactly under parallel requests', () => {
  const data = tempDataDir('acc-recovery-limits-e2e-');
  let running: RunningApp;

  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('20 parallel requests for one proof value with a limit of 5: exactly 5 accepted, the rest 429 with Retry-After', async () => {
    running = await startApp(data.dir, { config: { recovery: { ...testConfig(data.dir).recovery, limits: { perSourceIp: 0, perProofValue: 5, perTeam: 0 } } } });
    const call = client(running.url);
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/v1/recovery/requests', { kind: 'domain', value: 'limited.cn' })));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(15);
    expect(refused[0].body).toMatchObject({ code: 'RECOVERY_RATE_LIMITED', details: { limit: 'per_proof_value' } });
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    // Another value is not limited by the first one's count.
    expect((await call('POST', '/v1/recovery/requests', { kind: 'domain', value: 'other.cn' })).status).toBe(202);
  });

  it('per source IP: 20 parallel requests over many values with a limit of 7 → exactly 7', async () => {
    await running.close();
    running = await startApp(data.dir, { config: { recovery: { ...testConfig(data.dir).recovery, limits: { perSourceIp: 7, perProofValue: 0, perTeam: 0 } } } });
    const call = client(running.url);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', '/v1/recovery/requests', { kind: 'domain', value: `site-${i}.cn` })));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(7);
    expect(answers.filter((a) => a.status === 429).every((a) => a.body.details.limit === 'per_source_ip')).toBe(true);
  });
});
