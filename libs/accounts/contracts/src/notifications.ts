import type { Industry, LoginMethodType, VerificationChannel, VerificationPurpose } from '@acc/accounts-domain';
import { SECURITY_ALERT_REQUESTED_TYPE, type SecurityAlertRequestedV1 } from '@acc/contracts';

/**
 * Notifications: messages for users, published on `<prefix>notifications.v1` for the
 * e-mail/SMS senders. They carry exactly what the sender needs to deliver them and nothing
 * more. docs/asyncapi.yaml documents them; a breaking change gets a new `.v2` type.
 */
export const NOTIFICATION_TYPES = {
  verificationCodeRequested: 'verification-code.requested.v1',
  welcomeRequested: 'account-welcome.requested.v1',
  /** Shared by every context (the platform's published language). */
  securityAlertRequested: SECURITY_ALERT_REQUESTED_TYPE,
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

export type { SecurityAlertRequestedV1 };

export type NotificationData = VerificationCodeRequestedV1 | AccountWelcomeRequestedV1 | SecurityAlertRequestedV1 | PasswordResetRequestedV1 | ContactConfirmationRequestedV1;

// Re-exported so consumers of the contracts see the value sets in one place.
export type { Industry, LoginMethodType, VerificationChannel, VerificationPurpose };
