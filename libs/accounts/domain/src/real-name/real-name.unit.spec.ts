import { DeciderSpecification } from '@acc/kernel';
import type { AccountEvent } from '../account';
import { identityDecider, type IdentityEvent } from '../identity-claims';
import { accountRegistered, accountSpec as spec, foldAccount, T0, UIN } from '../testing/builders';
import type { VerifyRealName } from './commands';
import type { RealNameSubjectChanged, RealNameVerified } from './events';
import { maskEnterpriseName, maskPersonName, maskSubjectNumber } from './mask';
import { type LegalPerson, quotaUnits, type RealNameSubject } from './model';

const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const policy = { changeIntervalDays: 30, enterpriseNameMinLength: 5 };

const person = (ref: string, name = '王小明'): RealNameSubject => ({ kind: 'personal', ref, name, number: `num-${ref}`, nameMasked: 'm', numberMasked: 'm' });
const enterprise = (ref: string, name = '深圳市示例科技有限公司'): RealNameSubject => ({ kind: 'enterprise', ref, name, number: `code-${ref}`, nameMasked: 'm', numberMasked: 'm' });
const legal = (ref: string): LegalPerson => ({ ref, name: '李四', idNumber: `id-${ref}`, nameMasked: 'm', idNumberMasked: 'm' });

const verify = (subject: RealNameSubject, now: string, legalPerson: LegalPerson | null = null, p = policy): VerifyRealName => ({
  type: 'VerifyRealName',
  data: { subject, legalPerson, policy: p, now },
});
const verified = (subject: RealNameSubject, at = T0, legalPerson: LegalPerson | null = null): RealNameVerified => ({
  type: 'RealNameVerified',
  data: { accountId: UIN, subject, legalPerson, verifiedAt: at },
});
const changed = (subject: RealNameSubject, from: RealNameSubject, at: string, legalPerson: LegalPerson | null = null, previousLegal: string | null = null): RealNameSubjectChanged => ({
  type: 'RealNameSubjectChanged',
  data: { accountId: UIN, subject, legalPerson, previous: { kind: from.kind, ref: from.ref, legalPersonRef: previousLegal }, changedAt: at },
});

const active = [accountRegistered()];
const asPersonA: AccountEvent[] = [...active, verified(person('A'))];

describe('real-name verification (RN-1)', () => {
  it('verifies an unverified account personally or as an enterprise, and the profile shows it (REG-3)', () => {
    spec.given(active).when(verify(person('A'), T0)).then([verified(person('A'))]);
    spec.given(active).when(verify(enterprise('E'), T0, legal('L'))).then([verified(enterprise('E'), T0, legal('L'))]);
    const state = foldAccount(asPersonA);
    expect(state.status !== 'none' && { status: state.realNameStatus, ref: state.realName?.subject.ref }).toEqual({ status: 'personal', ref: 'A' });
    expect(foldAccount(active)).toMatchObject({ realNameStatus: 'unverified', realName: null });
  });

  it('refuses an enterprise name shorter than the minimum, counting characters (REG-5)', () => {
    spec.given(active).when(verify(enterprise('E', '示例公司'), T0, legal('L'))).thenFails('ENTERPRISE_NAME_TOO_SHORT', 'rule');
    spec.given(active).when(verify(enterprise('E', ' Acme '), T0, legal('L'))).thenFails('ENTERPRISE_NAME_TOO_SHORT');
    spec.given(active).when(verify(enterprise('E', '示例有限公司'.slice(0, 5)), T0, legal('L'))).then([verified(enterprise('E', '示例有限公'), T0, legal('L'))]);
    spec.given(active).when(verify(enterprise('E', 'Acme'), T0, legal('L'), { ...policy, enterpriseNameMinLength: 4 })).then([verified(enterprise('E', 'Acme'), T0, legal('L'))]);
  });

  it('needs a legal person for an enterprise subject, and none for a personal one', () => {
    spec.given(active).when(verify(enterprise('E'), T0)).thenFails('LEGAL_PERSON_REQUIRED', 'validation');
    spec.given(active).when(verify(person('A'), T0, legal('L'))).thenFails('LEGAL_PERSON_NOT_ALLOWED', 'validation');
  });

  it('needs an existing, completed account', () => {
    spec.given([]).when(verify(person('A'), T0)).thenFails('ACCOUNT_NOT_FOUND', 'not_found');
    spec.given([accountRegistered({ method: 'wechat' })]).when(verify(person('A'), T0)).thenFails('ACCOUNT_NOT_ACTIVE', 'rule');
  });

  it('refuses to verify the same subject again', () => {
    spec.given(asPersonA).when(verify(person('A', '王晓明'), day(40))).thenFails('REAL_NAME_SAME_SUBJECT', 'conflict');
    const asEnterprise = [...active, verified(enterprise('E'), T0, legal('L'))];
    spec.given(asEnterprise).when(verify(enterprise('E'), day(40), legal('L'))).thenFails('REAL_NAME_SAME_SUBJECT');
  });
});

describe('changing the subject (RN-1, REG-5 interval)', () => {
  it('allows a change once the interval has passed since the last verification: day 29 refused, day 30 accepted', () => {
    const refused = spec.given(asPersonA).when(verify(person('B'), day(29))).thenFails('REAL_NAME_CHANGE_TOO_SOON', 'rule');
    expect(refused.details).toEqual({ allowedFrom: day(30) });
    spec.given(asPersonA).when(verify(person('B'), day(30))).then([changed(person('B'), person('A'), day(30))]);
  });

  it('runs the interval from the latest change', () => {
    const twice = [...asPersonA, changed(person('B'), person('A'), day(30))];
    spec.given(twice).when(verify(person('C'), day(59))).thenFails('REAL_NAME_CHANGE_TOO_SOON');
    spec.given(twice).when(verify(person('C'), day(60))).then([changed(person('C'), person('B'), day(60))]);
  });

  it('always allows personal → enterprise, and records the subject given up', () => {
    spec.given(asPersonA).when(verify(enterprise('E'), day(1), legal('L'))).then([changed(enterprise('E'), person('A'), day(1), legal('L'))]);
    const state = foldAccount([...asPersonA, changed(enterprise('E'), person('A'), day(1), legal('L'))]);
    expect(state).toMatchObject({ realNameStatus: 'enterprise', realName: { verifiedAt: day(1), legalPerson: { ref: 'L' } } });
  });

  it('holds enterprise → personal and enterprise → another legal person to the interval', () => {
    const asEnterprise = [...active, verified(enterprise('E'), T0, legal('L'))];
    spec.given(asEnterprise).when(verify(person('A'), day(1))).thenFails('REAL_NAME_CHANGE_TOO_SOON');
    spec.given(asEnterprise).when(verify(enterprise('E'), day(1), legal('M'))).thenFails('REAL_NAME_CHANGE_TOO_SOON');
    spec.given(asEnterprise).when(verify(enterprise('E'), day(30), legal('M'))).then([changed(enterprise('E'), enterprise('E'), day(30), legal('M'), 'L')]);
  });

  it('takes the interval from the policy', () => {
    spec.given(asPersonA).when(verify(person('B'), day(7), null, { ...policy, changeIntervalDays: 7 })).then([changed(person('B'), person('A'), day(7))]);
  });
});

describe('releasing the verification (deregistration frees the quota, REG-5)', () => {
  const release = { type: 'ReleaseRealName' as const, data: { reason: 'deregistered' as const, now: day(3) } };

  it('gives the subject up with its references, and the account reads as unverified', () => {
    const asEnterprise = [...active, verified(enterprise('E'), T0, legal('L'))];
    const released = { type: 'RealNameVerificationReleased' as const, data: { accountId: UIN, subjectKind: 'enterprise' as const, subjectRef: 'E', legalPersonRef: 'L', reason: 'deregistered' as const, releasedAt: day(3) } };
    spec.given(asEnterprise).when(release).then([released]);
    expect(foldAccount([...asEnterprise, released])).toMatchObject({ realNameStatus: 'unverified', realName: null });
  });

  it('is idempotent on an unverified account', () => {
    spec.given(active).when(release).thenNothing();
  });
});

describe('real-name quota units and masks', () => {
  it('a personal subject holds one unit; an enterprise its own and its legal person’s', () => {
    expect(quotaUnits({ kind: 'personal', ref: 'A', legalPersonRef: null })).toEqual([{ kind: 'real-name-personal', ref: 'A' }]);
    expect(quotaUnits({ kind: 'enterprise', ref: 'E', legalPersonRef: 'L' })).toEqual([
      { kind: 'real-name-enterprise', ref: 'E' },
      { kind: 'legal-person', ref: 'L' },
    ]);
    expect(quotaUnits(null)).toEqual([]);
  });

  it('reports a full real-name quota with its own code (identity streams)', () => {
    const identities = DeciderSpecification.for(identityDecider);
    const reserve = (accountId: string) => ({
      type: 'ReserveBinding' as const,
      data: { identityRef: 'A', identityType: 'real-name-personal' as const, accountId, reservationId: `r-${accountId}`, limit: 1, now: T0 },
    });
    const reserved: IdentityEvent = { type: 'IdentityBindingReserved', data: { identityRef: 'A', identityType: 'real-name-personal', accountId: 'a1', reservationId: 'r-a1', reservedAt: T0 } };
    identities.given([reserved]).when(reserve('a2')).thenFails('REAL_NAME_QUOTA_REACHED', 'limit');
  });

  it('masks names and numbers', () => {
    expect(maskPersonName('王小明')).toBe('**明');
    expect(maskPersonName('李')).toBe('*');
    expect(maskEnterpriseName('深圳市示例科技有限公司')).toBe('深圳*******公司');
    expect(maskSubjectNumber('11010519491231002X')).toBe('11************002X');
    expect(maskSubjectNumber('91440300MA5ABCDE1X')).toBe('91************DE1X');
  });
});

