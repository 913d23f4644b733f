import type { LoginMethodType } from '../model';

export interface LoginMethod {
  readonly type: LoginMethodType;
  readonly identityRef: string;
  /** The identity itself (personal data; snapshots are sealed). */
  readonly identity: string;
  readonly masked: string;
  readonly isRegistration: boolean;
  readonly boundAt: string;
}
