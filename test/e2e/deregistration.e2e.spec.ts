import { ManualClock } from '@acc/kernel';
import { AccountAggregate } from '@acc/accounts-application';
import { client, countEvents, type RunningApp, startApp, tempDataDir, testConfig } from '../support/app-harness';
import { deregistrationSteps, FACE_SECRET, REAL_NAME_SECRET } from '../support/deregistration';
import { waitUntil } from '../support/read-side';

/** DEREG-1..5 through HTTP, with the real account closure, on an injected clock. */
describe('account deregistration through HTTP', () => {
  const data = tempDataDir('acc-dereg-e2e-');
  // 2026-10-08 10:00 in UTC+8: a Thursday.
  const clock = new ManualClock('2026-10-08T02:00:00.000Z');
  const DAY = 86_400_000;
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let steps: ReturnType<typeof deregistrationSteps>;

  const accountStatus = async (uin: string) => (await running.system.repository.load(AccountAggregate, uin)).state.status as string;
  /** A fresh identity verification (a minute later: codes to one phone are throttled). */
  const token = (uin: string, phone: string) => {
    clock.advance(61_000);
    return steps.verificationToken(uin, phone);
  };
  const request = async (uin: string, phone: string, extra: Record<string, unknown> = {}) =>
    call('POST', `/v1/accounts/${uin}/deregistration`, { reasons: ['no_longer_using'], acknowledgedConditions: true, verificationToken: await token(uin, phone), ...extra });
  const expectProblem = (response: { status: number; body: Record<string, any> }, status: number, code: string) => expect({ status: response.status, code: response.body.code }).toEqual({ status, code });

  beforeAll(async () => {
    running = await startApp(data.dir, {
      config: { realNameGatewaySecret: REAL_NAME_SECRET, scheduler: { pollMs: 20 }, deregistration: { ...testConfig(data.dir).deregistration, faceGatewaySecret: FACE_SECRET } },
      system: { clock },
    });
    call = client(running.url);
    steps = deregistrationSteps(call, running.system, clock);
    await running.system.scheduler.start();
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('a personally verified account: blocked by its API key, cleared and credits abandoned, face verified → deregistered', async () => {
    const phone = '+8613800139001';
    const uin = await steps.activeAccount('personal', phone);
    await steps.verifyRealName(uin, 'personal');
    expect((await steps.putResource(uin, 'key-1', 'api_key')).status).toBe(200);
    await steps.putResource(uin, 'credit-1', 'credit');

    const blocked = await request(uin, phone, { reasons: ['other'], otherReason: 'moving to another provider' });
    expectProblem(blocked, 422, 'DEREGISTRATION_BLOCKED_BY_RESOURCES');
    expect(blocked.body.details.resources).toEqual([{ id: 'key-1', kind: 'api_key', name: 'api_key key-1', unsettledPostpaid: false }]);
    const current = await call('GET', `/v1/accounts/${uin}/deregistration`);
    expect(current.body).toMatchObject({ status: 'blocked', identityCheck: 'face', blockingResources: [{ id: 'key-1' }], otherReason: 'moving to another provider' });
    expectProblem(await request(uin, phone), 409, 'DEREGISTRATION_ALREADY_OPEN');
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/abandon`, { resourceIds: ['key-1'] }), 422, 'RESOURCE_NOT_ABANDONABLE');

    expect((await call('DELETE', `/v1/platform-resources/${uin}/key-1`)).body.removed).toBe(true);
    const abandoned = await call('POST', `/v1/accounts/${uin}/deregistration/abandon`, { resourceIds: ['credit-1'] });
    expect(abandoned.body).toMatchObject({ status: 'identity_check', abandoned: ['credit-1'], blockingResources: [] });
    expect((await call('GET', `/v1/platform-resources/${uin}`)).body.resources).toEqual([]);

    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'personal', false) }), 422, 'FACE_VERIFICATION_FAILED');
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: 'not-a-jwt' }), 401, 'INVALID_FACE_ASSERTION');
    const done = await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'personal') });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', open: false, deregisteredAt: expect.any(String) });
    expect(await accountStatus(uin)).toBe('deregistered');
    // The "other" reason was personal data: unreadable once the account is gone.
    expect((await call('GET', `/v1/accounts/${uin}/deregistration`)).body).toMatchObject({ status: 'completed', otherReason: null, resources: [] });
    const [stored] = await running.system.store.readStream(`deregistration-${uin}`);
    expect(((await running.system.codec.decode(stored)).data as { otherReason: string }).otherReason).toBe('[erased]');
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/revoke`), 409, 'ACCOUNT_DEREGISTERED');
  });

  it('revoke restores: cooling off on day 5 → active again, no completion, the timer settled', async () => {
    const phone = '+8613800139002';
    const uin = await steps.activeAccount('revoke', phone);
    await steps.verifyRealName(uin, 'personal');
    await steps.putResource(uin, 'cvm-bill', 'credit', { unsettledPostpaid: true });
    const started = await request(uin, phone);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'cooling_off', coolingOffUntil: new Date(clock.now().getTime() + 15 * DAY).toISOString(), timers: [{ name: 'cooling_off_end' }] });
    expect(await accountStatus(uin)).toBe('deregistering');
    await running.system.scheduler.waitForPosition(started.body.position);
    expect((await running.system.scheduler.pending()).some((t) => t.definition === 'deregistration-cooling-off' && t.id === started.body.requestId)).toBe(true);

    clock.advance(5 * DAY);
    const revoked = await call('POST', `/v1/accounts/${uin}/deregistration/revoke`);
    expect(revoked.body).toMatchObject({ status: 'revoked', timers: [] });
    expect(await accountStatus(uin)).toBe('active');
    await running.system.scheduler.waitForPosition(revoked.body.position);
    expect((await running.system.scheduler.pending()).some((t) => t.id === started.body.requestId)).toBe(false);

    clock.advance(11 * DAY);
    await new Promise((r) => setTimeout(r, 200)); // polls of the scheduler past the old due time
    const events = (await running.system.store.readStream(`deregistration-${uin}`)).map((e) => e.type);
    expect(events).not.toContain('DeregistrationCoolingOffEnded');
    expect(events).not.toContain('DeregistrationCompleted');
    expect(await accountStatus(uin)).toBe('active');
    clock.set('2026-10-08T02:00:00.000Z');
  });

  it('an enterprise request on a Thursday is due the next Tuesday, listed overdue after it, approved → deregistered', async () => {
    clock.set('2026-10-08T02:00:00.000Z');
    const phone = '+8613800139003';
    const uin = await steps.activeAccount('enterprise', phone);
    await steps.verifyRealName(uin, 'enterprise');
    const requested = await request(uin, phone);
    expect(requested.body).toMatchObject({ status: 'identity_check', identityCheck: 'legal_person_face' });
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'personal') }), 422, 'FACE_VERIFICATION_WRONG_SUBJECT');
    const review = await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'legal_person') });
    expect(review.body).toMatchObject({ status: 'under_review', review: { overdue: false } });
    expect(review.body.review.dueAt).toMatch(/^2026-10-13T02:0/); // Thursday 10:0x in UTC+8 → Tuesday, same time
    const requestId = review.body.requestId as string;
    const listed = async (overdue: boolean) => (await call('GET', `/v1/deregistration-reviews${overdue ? '?overdue=true' : ''}`)).body.items.map((i: { requestId: string }) => i.requestId);
    await waitUntil('the case is listed', async () => (await listed(false)).includes(requestId));
    expect(await listed(true)).not.toContain(requestId);

    clock.set('2026-10-13T03:00:00.000Z'); // Tuesday, past the due time
    expect(await listed(true)).toContain(requestId);
    await waitUntil('the review-due timer marked it', async () => (await running.system.store.readStream(`deregistration-${uin}`)).some((e) => e.type === 'DeregistrationReviewOverdue'));
    expectProblem(await call('POST', `/v1/deregistration-reviews/${uin}-9/approve`), 404, 'DEREGISTRATION_REVIEW_NOT_FOUND');
    const approved = await call('POST', `/v1/deregistration-reviews/${requestId}/approve`, undefined, { 'x-end-user': 'reviewer-7' });
    expect(approved.body).toMatchObject({ status: 'completed', review: { reviewer: { service: 'platform-team', user: 'reviewer-7' } } });
    expect(await accountStatus(uin)).toBe('deregistered');
    await waitUntil('the case is closed', async () => !(await listed(true)).includes(requestId));
    expect(await countEvents(running.system, 'DeregistrationReviewOverdue')).toBe(1);
  });

  it('an unverified account confirms with a fresh identity verification, then is deregistered at once', async () => {
    const phone = '+8613800139004';
    const uin = await steps.activeAccount('unverified', phone);
    expect((await request(uin, phone)).body).toMatchObject({ status: 'identity_check', identityCheck: 'security_factors' });
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/face-verification`, { assertion: await steps.face(uin, 'personal') }), 422, 'FACE_VERIFICATION_NOT_APPLICABLE');
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration/confirm`, { verificationToken: 'idv_made_up' }), 403, 'IDENTITY_VERIFICATION_REQUIRED');
    const done = await call('POST', `/v1/accounts/${uin}/deregistration/confirm`, { verificationToken: await token(uin, phone) });
    expect(done.body).toMatchObject({ status: 'completed' });
    expect(await accountStatus(uin)).toBe('deregistered');
  });

  it('refuses a request without identity verification or acknowledgement, each with its code', async () => {
    const phone = '+8613800139005';
    const uin = await steps.activeAccount('refusals', phone);
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration`, { reasons: ['mis_registered'], acknowledgedConditions: true, verificationToken: 'idv_nope' }), 403, 'IDENTITY_VERIFICATION_REQUIRED');
    expectProblem(await call('POST', `/v1/accounts/${uin}/deregistration`, { reasons: ['mis_registered'], acknowledgedConditions: false, verificationToken: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await request(uin, phone, { reasons: ['other'] }), 400, 'DEREGISTRATION_OTHER_REASON_REQUIRED');
    expectProblem(await call('GET', `/v1/accounts/${uin}/deregistration`), 404, 'DEREGISTRATION_NOT_FOUND');
  });
});
