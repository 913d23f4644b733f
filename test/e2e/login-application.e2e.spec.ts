import { ManualClock, type RecordedEvent } from '@acc/kernel';
import { FaceAssertionVerifier } from '../../apps/command-api/src/accounts/deregistration-face';
import { client, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';
import { deregistrationSteps, FACE_SECRET, REAL_NAME_SECRET } from '../support/deregistration';

/**
 * REC-3 through HTTP: a personally verified account applies to log in with a new login email;
 * nothing changes on the account before the review approves (the email, the security phone,
 * login protection), everything after; a rejected application changes nothing.
 */
describe('login application (REC-3)', () => {
  const data = tempDataDir('acc-login-application-e2e-');
  const clock = new ManualClock('2026-10-08T02:00:00.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let steps: ReturnType<typeof deregistrationSteps>;

  beforeAll(async () => {
    running = await startApp(data.dir, { config: { realNameGatewaySecret: REAL_NAME_SECRET, deregistration: { ...testConfig(data.dir).deregistration, faceGatewaySecret: FACE_SECRET } }, system: { clock } });
    call = client(running.url);
    steps = deregistrationSteps(call, running.system, clock);
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const idNumberOf = (uin: string) => `1101051949123${uin.slice(-4)}X`.slice(0, 18);
  async function verifiedAccount(tag: string, phone: string): Promise<string> {
    const uin = await steps.activeAccount(tag, phone);
    await steps.verifyRealName(uin, 'personal');
    return uin;
  }
  async function codeOf(applicationId: string): Promise<string> {
    const events = (await running.system.store.readAll()).filter((r) => r.streamId === `login-application-${applicationId}` && r.type === 'LoginApplicationCodeIssued');
    const decoded = await running.system.codec.decode(events.at(-1) as RecordedEvent<Record<string, unknown>>);
    return (decoded.data as { delivery: { code: string } }).delivery.code;
  }
  /** Every step up to the face; returns the answers as the caller saw them. */
  async function apply(start: Record<string, unknown>, email: string, facePassed = true) {
    const started = await call('POST', '/v1/login-applications', { reason: 'lost my phone and WeChat', ...start });
    const id = started.body.applicationId as string;
    const sent = await call('POST', `/v1/login-applications/${id}/contact-phone-code`);
    const confirmed = await call('POST', `/v1/login-applications/${id}/contact-phone-code/confirm`, { code: await codeOf(id) });
    const credentials = await call('POST', `/v1/login-applications/${id}/credentials`, { email, password: STRONG_PASSWORD, protectWithContactPhone: true });
    const assertion = await FaceAssertionVerifier.sign(FACE_SECRET, { accountId: id, subject: 'personal', passed: facePassed }, 300, clock.now());
    const face = await call('POST', `/v1/login-applications/${id}/face-verification`, { assertion });
    return { id, token: started.body.token as string, answers: [started, sent, confirmed, credentials].map((r) => `${r.status} ${r.body.next}`), face };
  }
  const login = (email: string) => call('POST', '/v1/logins/password', { email, password: STRONG_PASSWORD });
  const security = async (uin: string) => {
    const { securityPhone, loginProtection, operationProtection } = (await call('GET', `/v1/accounts/${uin}/security`)).body;
    return { securityPhone, loginProtection, operationProtection };
  };
  const progress = (id: string, token: string) => call('GET', `/v1/login-applications/${id}`, undefined, { 'x-application-token': token });

  it('binds the email and switches to the new security phone on approval, not before', async () => {
    const uin = await verifiedAccount('login-app-1', '+8613800150001');
    const email = 'applied.login@example.com';
    const before = await security(uin);
    const applied = await apply({ accountId: uin, name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150099' }, email);
    expect(applied.answers).toEqual(['202 contact_phone_code', '202 confirm_contact_phone', '200 credentials', '200 face_verification']);
    expect(applied.face.status).toBe(200);
    expect(applied.face.body).toMatchObject({ next: 'review', reviewCase: { caseCode: expect.stringMatching(/^RC-/) } });
    const caseCode = applied.face.body.reviewCase.caseCode as string;

    expect(await security(uin)).toEqual(before);
    expect((await login(email)).status).toBe(401);
    expect((await progress(applied.id, applied.token)).body).toMatchObject({ status: 'under_review', reviewCase: { caseCode } });
    expect((await progress(applied.id, 'lat_wrong')).status).toBe(404);

    expect((await call('POST', `/v1/review-cases/${caseCode}/approve`, {})).status).toBe(200);
    expect((await progress(applied.id, applied.token)).body).toMatchObject({ status: 'completed', failure: null });
    const after = await security(uin);
    expect(after.securityPhone).not.toEqual(before.securityPhone);
    expect(after.loginProtection).toMatchObject({ method: 'sms', enabled: true });
    expect(after.operationProtection).toMatchObject({ method: 'sms', enabled: true });
    expect((await login(email)).status).toBe(200);
  });

  it('a rejected application changes nothing', async () => {
    const uin = await verifiedAccount('login-app-2', '+8613800150002');
    const email = 'rejected.login@example.com';
    const before = await security(uin);
    const applied = await apply({ accountId: uin, name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150098' }, email);
    const caseCode = applied.face.body.reviewCase.caseCode as string;
    expect((await call('POST', `/v1/review-cases/${caseCode}/reject`, { reason: 'documents do not match' })).status).toBe(200);
    expect((await progress(applied.id, applied.token)).body).toMatchObject({ status: 'rejected' });
    expect(await security(uin)).toEqual(before);
    expect((await login(email)).status).toBe(401);
  });

  it('a subject that does not match, or no account, answers alike and fails at the face step', async () => {
    const uin = await verifiedAccount('login-app-3', '+8613800150003');
    const good = await apply({ accountId: uin, name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150097' }, 'match.login@example.com');
    const wrong = await apply({ accountId: uin, name: '王小明', idNumber: '110105194912310000', contactPhone: '+8613800150097' }, 'wrong.login@example.com');
    const none = await apply({ loginEmail: 'nobody.at.all@example.com', name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150097' }, 'none.login@example.com');
    expect(wrong.answers).toEqual(good.answers);
    expect(none.answers).toEqual(good.answers);
    expect(wrong.face.body).toEqual({ applicationId: wrong.id, next: 'failed' });
    expect(none.face.body).toEqual({ applicationId: none.id, next: 'failed' });
    const failedFace = await apply({ accountId: uin, name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150097' }, 'face.login@example.com', false);
    expect(failedFace.face.body).toEqual({ applicationId: failedFace.id, next: 'failed' });
  });

  it('an email taken between the application and the approval: the approval records LOGIN_EMAIL_TAKEN', async () => {
    const uin = await verifiedAccount('login-app-4', '+8613800150004');
    const other = await verifiedAccount('login-app-5', '+8613800150005');
    const email = 'contested.login@example.com';
    const applied = await apply({ accountId: uin, name: '王小明', idNumber: idNumberOf(uin), contactPhone: '+8613800150096' }, email);
    const other1 = await apply({ accountId: other, name: '王小明', idNumber: idNumberOf(other), contactPhone: '+8613800150095' }, email);
    expect((await call('POST', `/v1/review-cases/${other1.face.body.reviewCase.caseCode}/approve`, {})).status).toBe(200);
    expect((await call('POST', `/v1/review-cases/${applied.face.body.reviewCase.caseCode}/approve`, {})).status).toBe(200);
    expect((await progress(applied.id, applied.token)).body).toMatchObject({ status: 'approval_failed', failure: 'LOGIN_EMAIL_TAKEN' });
  });

  it('keeps personal data out of the plain event data', async () => {
    const raw = JSON.stringify((await running.system.store.readAll()).filter((r) => r.streamId.startsWith('login-application-')).map((r) => r.data));
    expect(raw).not.toContain('+8613800150099');
    expect(raw).not.toContain('applied.login@example.com');
    expect(raw).not.toContain('lost my phone');
  });
});
