import type { Industry, LoginMethodType, VerificationChannel, VerificationPurpose } from '@acc/accounts-domain';

/**
 * Notifications: messages for users, published on `<prefix>notifications.v1` for the
 * e-mail/SMS senders. They carry exactly what the sender needs to deliver them and nothing
 * more. docs/asyncapi.yaml documents them; a breaking change gets a new `.v2` type.
 */
export const NOTIFICATION_TYPES = {
  verificationCodeRequested: 'verification-code.requested.v1',
  welcomeRequested: 'account-welcome.requested.v1',
  securityAlertRequested: 'security-alert.requested.v1',
  passwordResetRequested: 'password-reset.requested.v1',
  contactConfirmationRequested: 'contact-confirmation.requested.v1',
} as const;

/** Send a confirmation link (token) to a new contact phone or email (CRED-3, CRED-4). */
export interface ContactConfirmationRequestedV1 {
  readonly accountId: string;
  readonly channel: 'sms' | 'email';
  readonly recipient: string;
  readonly confirmationToken: string;
  readonly expiresAt: string;
}

/**
 * Send this single-use password-reset token (CRED-2) to the login email, as a link. Besides
 * the verification-code message, the only message carrying a secret; dropped once expired.
 */
export interface PasswordResetRequestedV1 {
  readonly accountId: string;
  readonly recipient: string;
  readonly resetToken: string;
  readonly expiresAt: string;
  readonly requestedAt: string;
}

/**
 * Send this 6-digit code (CRED-5) to this address. The only message that ever carries a code
 * and the only place where it leaves the event store. Keyed by `verificationId` (no account
 * may exist yet); dropped instead of sent once the code has expired.
 */
export interface VerificationCodeRequestedV1 {
  readonly verificationId: string;
  readonly channel: VerificationChannel;
  readonly purpose: VerificationPurpose;
  /** E-mail address (channel `email`) or E.164 phone number (channel `sms`). */
  readonly recipient: string;
  readonly code: string;
  readonly expiresAt: string;
  readonly issuedAt: string;
}

/** Welcome a new account: to the login email (email registration) or to the security phone once a third-party registration is completed. */
export interface AccountWelcomeRequestedV1 {
  readonly accountId: string;
  readonly channel: 'email' | 'sms';
  readonly recipient: string;
  readonly trigger: 'registered' | 'registration-completed';
  readonly occurredAt: string;
}

/**
 * A security-relevant change the account holder must hear about (login method bound, password
 * changed, MFA unbound, all sessions logged out, account locked, ...). No recipient: alerts go to
 * the account's security phone and security email, which the notification service resolves by
 * `accountId` (the bridge is stateless and keeps no personal data). `details` holds ids, types
 * and masked values only.
 */
export interface SecurityAlertRequestedV1 {
  readonly accountId: string;
  /** Kebab-case kind, e.g. `login-method-bound`; new kinds may appear without a version bump. */
  readonly alert: string;
  readonly occurredAt: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /** Set when the alert must go somewhere else than the current security channels: the previous security phone or email after it was changed. */
  readonly recipient?: { readonly channel: 'sms' | 'email'; readonly address: string };
}

export type NotificationData = VerificationCodeRequestedV1 | AccountWelcomeRequestedV1 | SecurityAlertRequestedV1 | PasswordResetRequestedV1 | ContactConfirmationRequestedV1;

// Re-exported so consumers of the contracts see the value sets in one place.
export type { Industry, LoginMethodType, VerificationChannel, VerificationPurpose };
