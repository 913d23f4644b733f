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

/** LM-6: the provider revoked the grant; the binding stays, but cannot log in until re-authorised. */
export type LoginMethodMarkedStale = {
  type: 'LoginMethodMarkedStale';
  data: { accountId: string; method: LoginMethodType; identityRef: string; identityMasked: string; reason: 'provider_notice' | 'revoked_at_use'; markedAt: string };
};
export type LoginMethodReauthorised = {
  type: 'LoginMethodReauthorised';
  data: { accountId: string; method: LoginMethodType; identityRef: string; identityMasked: string; staleSince: string; reauthorisedAt: string };
};

export type LoginMethodEvent = LoginMethodBound | LoginMethodReplaced | LoginMethodUnbound | RegistrationMethodUnbound | LoginMethodMarkedStale | LoginMethodReauthorised;
