import { accept, type Decider, domainError, ms, reject } from '@acc/kernel';

/**
 * Verification codes (CRED-5): 6 digits, only a keyed hash is kept, they expire,
 * allow a limited number of attempts and cannot be re-sent too often. One stream
 * per (channel, address, purpose). The code itself travels only inside the
 * delivery field, which is encrypted at rest and read by the notifier.
 */

export type VerificationChannel = 'email' | 'sms';
export type VerificationPurpose = 'register' | 'complete_registration' | 'bind' | 'identity_verification' | 'change_contact' | 'login';

export interface CodePolicy {
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  readonly resendIntervalSeconds: number;
}

export const DEFAULT_CODE_POLICY: CodePolicy = { ttlSeconds: 300, maxAttempts: 5, resendIntervalSeconds: 60 };

export type VerificationCodeIssued = {
  type: 'VerificationCodeIssued';
  data: {
    verificationId: string;
    channel: VerificationChannel;
    purpose: VerificationPurpose;
    codeHash: string;
    expiresAt: string;
    maxAttempts: number;
    issuedAt: string;
    /** What the notifier sends: address and code. Personal data and a secret: encrypted at rest. */
    delivery: { address: string; code: string };
  };
};
export type VerificationCodeRejected = { type: 'VerificationCodeRejected'; data: { verificationId: string; attemptsLeft: number; at: string } };
export type VerificationCodeConsumed = { type: 'VerificationCodeConsumed'; data: { verificationId: string; at: string } };
export type VerificationEvent = VerificationCodeIssued | VerificationCodeRejected | VerificationCodeConsumed;

export type IssueCode = {
  type: 'IssueCode';
  data: {
    verificationId: string;
    channel: VerificationChannel;
    purpose: VerificationPurpose;
    address: string;
    /** A fresh random 6-digit code (randomness is an input) and its keyed hash. */
    code: string;
    codeHash: string;
    policy: CodePolicy;
    now: string;
  };
};
export type ConsumeCode = { type: 'ConsumeCode'; data: { codeHash: string; now: string } };
export type VerificationCommand = IssueCode | ConsumeCode;

export interface VerificationState {
  readonly verificationId: string | null;
  readonly lastIssuedAt: string | null;
  readonly current: null | { readonly codeHash: string; readonly expiresAt: string; readonly attemptsLeft: number };
}

export const verificationDecider: Decider<VerificationCommand, VerificationEvent, VerificationState> = {
  initialState: () => ({ verificationId: null, lastIssuedAt: null, current: null }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueCode': {
        const c = command.data;
        if (!/^\d{6}$/.test(c.code)) return reject(domainError('validation', 'INVALID_CODE_FORMAT', 'verification codes have 6 digits'));
        if (state.lastIssuedAt && ms(c.now) - ms(state.lastIssuedAt) < c.policy.resendIntervalSeconds * 1000) {
          const retryAfter = Math.ceil((ms(state.lastIssuedAt) + c.policy.resendIntervalSeconds * 1000 - ms(c.now)) / 1000);
          return reject(domainError('throttled', 'VERIFICATION_CODE_THROTTLED', `a code was sent recently; retry in ${retryAfter} s`, { retryAfterSeconds: retryAfter }));
        }
        return accept({
          type: 'VerificationCodeIssued',
          data: {
            verificationId: c.verificationId,
            channel: c.channel,
            purpose: c.purpose,
            codeHash: c.codeHash,
            expiresAt: new Date(ms(c.now) + c.policy.ttlSeconds * 1000).toISOString(),
            maxAttempts: c.policy.maxAttempts,
            issuedAt: c.now,
            delivery: { address: c.address, code: c.code },
          },
        });
      }
      case 'ConsumeCode': {
        const c = command.data;
        const current = state.current;
        if (!current || state.verificationId === null) return reject(domainError('rule', 'VERIFICATION_CODE_NOT_FOUND', 'no verification code is pending; request one first'));
        if (ms(c.now) >= ms(current.expiresAt)) return reject(domainError('rule', 'VERIFICATION_CODE_EXPIRED', 'the verification code has expired; request a new one'));
        if (current.attemptsLeft <= 0) return reject(domainError('rule', 'VERIFICATION_CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes; request a new one'));
        if (c.codeHash !== current.codeHash) {
          const attemptsLeft = current.attemptsLeft - 1;
          return reject(
            domainError('rule', 'VERIFICATION_CODE_MISMATCH', 'the verification code is wrong', { attemptsLeft }),
            { type: 'VerificationCodeRejected', data: { verificationId: state.verificationId, attemptsLeft, at: c.now } },
          );
        }
        return accept({ type: 'VerificationCodeConsumed', data: { verificationId: state.verificationId, at: c.now } });
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'VerificationCodeIssued':
        return {
          verificationId: event.data.verificationId,
          lastIssuedAt: event.data.issuedAt,
          current: { codeHash: event.data.codeHash, expiresAt: event.data.expiresAt, attemptsLeft: event.data.maxAttempts },
        };
      case 'VerificationCodeRejected':
        return state.current ? { ...state, current: { ...state.current, attemptsLeft: event.data.attemptsLeft } } : state;
      case 'VerificationCodeConsumed':
        return { ...state, current: null };
    }
  },
};

export const verificationStreamId = (verificationId: string) => `verification-${verificationId}`;
