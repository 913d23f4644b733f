import type { LoginMethodType } from '../model';

export interface LoginMethod {
  readonly type: LoginMethodType;
  readonly identityRef: string;
  /** The identity itself (personal data; snapshots are sealed). */
  readonly identity: string;
  readonly masked: string;
  readonly isRegistration: boolean;
  readonly boundAt: string;
  /** LM-6: set while the provider's authorisation is revoked (the binding cannot log in). */
  readonly staleSince?: string;
}
