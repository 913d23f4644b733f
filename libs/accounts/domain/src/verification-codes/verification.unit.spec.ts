import { DeciderSpecification } from '@acc/kernel';
import { DEFAULT_CODE_POLICY, type IssueCode, type VerificationEvent, verificationDecider } from './verification';

const spec = DeciderSpecification.for(verificationDecider);
// A stand-in for the keyed hash the application computes; it must not contain the code.
const hashOf = (code: string) => `h:${Number(code) * 7}`;
const t0 = '2026-03-01T08:00:00.000Z';
const at = (seconds: number) => new Date(new Date(t0).getTime() + seconds * 1000).toISOString();

const issue = (now = t0, code = '123456'): IssueCode => ({
  type: 'IssueCode',
  data: { verificationId: 'v1', channel: 'email', purpose: 'register', address: 'a@example.com', code, codeHash: hashOf(code), policy: DEFAULT_CODE_POLICY, now },
});
const issued = (now = t0, code = '123456'): VerificationEvent => ({
  type: 'VerificationCodeIssued',
  data: {
    verificationId: 'v1',
    channel: 'email',
    purpose: 'register',
    codeHash: hashOf(code),
    expiresAt: new Date(new Date(now).getTime() + 300_000).toISOString(),
    maxAttempts: 5,
    issuedAt: now,
    delivery: { address: 'a@example.com', code },
  },
});
const consume = (code: string, now = at(10)) => ({ type: 'ConsumeCode' as const, data: { codeHash: hashOf(code), now } });
const rejected = (attemptsLeft: number, now = at(10)): VerificationEvent => ({ type: 'VerificationCodeRejected', data: { verificationId: 'v1', attemptsLeft, at: now } });

describe('verification codes (CRED-5)', () => {
  it('issues a 6-digit code that expires after 5 minutes; only its hash is state', () => {
    spec.given([]).when(issue()).then([issued()]);
    spec.given([]).when(issue(t0, '12345')).thenFails('INVALID_CODE_FORMAT');
    const state = verificationDecider.evolve(verificationDecider.initialState(), issued());
    expect(JSON.stringify(state)).not.toContain('123456');
  });

  it('throttles re-sending for 60 seconds', () => {
    const error = spec.given([issued()]).when(issue(at(59))).thenFails('VERIFICATION_CODE_THROTTLED', 'throttled');
    expect(error.details).toEqual({ retryAfterSeconds: 1 });
    spec.given([issued()]).when(issue(at(60), '654321')).then([issued(at(60), '654321')]);
  });

  it('accepts the right code once', () => {
    spec.given([issued()]).when(consume('123456')).then([{ type: 'VerificationCodeConsumed', data: { verificationId: 'v1', at: at(10) } }]);
    spec.given([issued(), { type: 'VerificationCodeConsumed', data: { verificationId: 'v1', at: at(10) } }]).when(consume('123456', at(20))).thenFails('VERIFICATION_CODE_NOT_FOUND');
  });

  it('records each wrong code and refuses after 5 attempts, even the right code', () => {
    spec.given([issued()]).when(consume('000000')).thenFailsRecording('VERIFICATION_CODE_MISMATCH', [rejected(4)]);
    const fiveWrong = [issued(), rejected(4), rejected(3), rejected(2), rejected(1), rejected(0)];
    spec.given(fiveWrong).when(consume('123456')).thenFails('VERIFICATION_CODE_ATTEMPTS_EXCEEDED');
  });

  it('refuses an expired code and a code that was never sent', () => {
    spec.given([issued()]).when(consume('123456', at(300))).thenFails('VERIFICATION_CODE_EXPIRED');
    spec.given([issued()]).when(consume('123456', at(299))).then((events) => expect(events[0].type).toBe('VerificationCodeConsumed'));
    spec.given([]).when(consume('123456')).thenFails('VERIFICATION_CODE_NOT_FOUND');
  });

  it('replaces the pending code when a new one is sent', () => {
    spec.given([issued(), issued(at(60), '654321')]).when(consume('123456', at(70))).thenFailsRecording('VERIFICATION_CODE_MISMATCH', [rejected(4, at(70))]);
  });
});
