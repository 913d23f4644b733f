import type { LoginMethodType } from '../model';

export type LoginMethodBound = {
  type: 'LoginMethodBound';
  data: {
    accountId: string;
    method: LoginMethodType;
    identityRef: string;
    identity: string;
    identityMasked: string;
    passwordHash: string | null;
    /** The identity-stream reservation this binding completes (REG-5 counted limits). */
    reservationId: string;
    boundAt: string;
  };
};

export type LoginMethodReplaced = {
  type: 'LoginMethodReplaced';
  data: {
    accountId: string;
    method: LoginMethodType;
    previousIdentityRef: string;
    identityRef: string;
    identity: string;
    identityMasked: string;
    passwordHash: string | null;
    reservationId: string;
    replacedAt: string;
  };
};

export type LoginMethodUnbound = { type: 'LoginMethodUnbound'; data: { accountId: string; method: LoginMethodType; identityRef: string; unboundAt: string } };
export type RegistrationMethodUnbound = {
  type: 'RegistrationMethodUnbound';
  data: { accountId: string; method: LoginMethodType; identityRef: string; unboundAt: string };
};

export type LoginMethodEvent = LoginMethodBound | LoginMethodReplaced | LoginMethodUnbound | RegistrationMethodUnbound;
