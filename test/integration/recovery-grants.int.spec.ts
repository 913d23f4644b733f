import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@acc/application';
import { ReviewCasesService } from '@acc/accounts-application';
import { DomainErrorException, ManualClock } from '@acc/kernel';
import { createSystem, cryptoRandomness, type System } from '../../apps/command-api/src/system';
import { providerAssertion, STRONG_PASSWORD, tempDataDir, testConfig } from '../support/app-harness';

/**
 * REC-2 on an injected clock: after an enterprise recovery's case is approved, the account adds
 * a login email no account uses once within 24 hours, and switches to phone protection once.
 */
const CODE = '135790';
const ctx: CommandContext = { actor: { service: 'recovery-test' }, correlationId: 'recovery-grants' };
const reviewer: CommandContext = { actor: { service: 'review-team', user: 'reviewer-3' }, correlationId: 'review' };
const codeOf = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof DomainErrorException ? e.error.code : String(e)));

describe('recovery grants after an enterprise recovery (REC-2)', () => {
  const data = tempDataDir('acc-recovery-grants-');
  const runId = randomUUID().slice(0, 8);
  const digits = runId.replace(/\D/g, '').padEnd(4, '7').slice(0, 4);
  const clock = new ManualClock('2026-10-08T02:00:00.000Z');
  let s: System;
  let seq = 0;
  beforeAll(() => {
    s = createSystem(testConfig(data.dir), { clock, random: { next: cryptoRandomness.next, code6: () => CODE } });
  });
  afterAll(async () => {
    await s.close();
    data.remove();
  });

  async function activeAccount(): Promise<string> {
    const i = seq++;
    const { uin } = await s.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', `qq-rg-${runId}-${i}`) }, ctx);
    const phone = `+86137${String(i).padStart(4, '0')}${digits}`;
    await s.accounts.requestCode({ channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin }, ctx);
    await s.accounts.completeRegistration(uin, { phone, phoneCode: CODE, industry: 'gaming' }, ctx);
    return uin;
  }
  /**
   * An enterprise-recovery case approved by a reviewer, then the grant the recovery issues on
   * approval (the case service here has no handlers: the recovery request itself is REC-1's).
   */
  async function recovered(accountIds: string[]): Promise<string> {
    const cases = new ReviewCasesService({ repository: s.repository, random: cryptoRandomness, holidays: [] });
    const { caseCode } = await cases.openCase({ kind: 'enterprise_recovery', subject: `recovery-${runId}`, evidence: ['evidence://licence/1'], dueBusinessDays: 3 }, ctx);
    const approved = await cases.approve(caseCode, {}, reviewer);
    expect(approved).toMatchObject({ status: 'approved', reviewer: reviewer.actor });
    await s.recoveryGrants.issueEnterpriseRecoveryGrant(accountIds, caseCode, ctx);
    return caseCode;
  }
  const addEmail = async (uin: string, email: string) => {
    await s.accounts.requestCode({ channel: 'email', address: email, purpose: 'bind', accountId: uin }, ctx);
    return s.recoveryGrants.addLoginEmail(uin, { email, password: STRONG_PASSWORD, emailCode: CODE }, ctx);
  };

  it('adds an unused login email once within 24 h; a used email is refused and gives the use back', async () => {
    const taken = `taken-${runId}@example.com`;
    await s.accounts.requestCode({ channel: 'email', address: taken, purpose: 'register' }, ctx);
    await s.accounts.registerByEmail({ email: taken, password: STRONG_PASSWORD, emailCode: CODE }, ctx);
    const uin = await activeAccount();
    expect(await codeOf(addEmail(uin, `new-${runId}@example.com`))).toBe('RECOVERY_GRANT_NOT_FOUND');
    await recovered([uin]);

    expect(await codeOf(addEmail(uin, taken))).toMatch(/^IDENTITY_/);
    clock.advance(23 * 3_600_000);
    const added = await addEmail(uin, `new-${runId}@example.com`);
    expect(added).toMatchObject({ used: ['login_email'], loginEmail: expect.stringContaining('@example.com') });
    expect((await s.loginMethods.view(uin)).loginMethods.find((m) => m.type === 'email')).toMatchObject({ state: 'bound' });
    expect(await codeOf(addEmail(uin, `again-${runId}@example.com`))).toBe('RECOVERY_GRANT_ALREADY_USED');
  }, 60_000);

  it('switches to phone protection once; any use at 24 h + 1 s is refused', async () => {
    const [uin, late] = [await activeAccount(), await activeAccount()];
    await recovered([uin, late]);
    const phone = `+86139${digits}0001`;
    await s.contacts.sendCode(uin, { channel: 'sms', address: phone }, ctx);
    const switched = await s.recoveryGrants.switchToPhoneProtection(uin, { phone, code: CODE }, ctx);
    expect(switched).toMatchObject({ loginProtection: { method: 'sms', enabled: true }, operationProtection: { method: 'sms', enabled: true }, used: ['phone_protection'] });
    expect(await codeOf(s.recoveryGrants.switchToPhoneProtection(uin, { phone, code: CODE }, ctx))).toBe('RECOVERY_GRANT_ALREADY_USED');

    clock.advance(24 * 3_600_000 + 1000);
    expect(await codeOf(addEmail(late, `late-${runId}@example.com`))).toBe('RECOVERY_GRANT_EXPIRED');
    expect(await codeOf(s.recoveryGrants.switchToPhoneProtection(late, { phone: `+86139${digits}0002`, code: CODE }, ctx))).toBe('RECOVERY_GRANT_EXPIRED');
  }, 60_000);
});
