export type SecurityPhoneChanged = {
  type: 'SecurityPhoneChanged';
  data: {
    accountId: string;
    phoneRef: string;
    phone: string;
    phoneMasked: string;
    previousRef: string | null;
    /** The previous security phone, alerted of the change (personal data). */
    previousPhone: string | null;
    reservationId: string;
    changedAt: string;
  };
};
export type SecurityEmailChanged = {
  type: 'SecurityEmailChanged';
  data: { accountId: string; email: string; emailMasked: string; previousEmail: string | null; changedAt: string };
};
export type ContactChangeRequested = {
  type: 'ContactChangeRequested';
  data: {
    accountId: string;
    kind: 'phone' | 'email';
    tokenHash: string;
    syncSecurityEmail: boolean;
    expiresAt: string;
    requestedAt: string;
    /** The new address and the link token, for the notifier (personal data and a secret). */
    delivery: { address: string; masked: string; token: string };
  };
};
export type ContactPhoneChanged = { type: 'ContactPhoneChanged'; data: { accountId: string; phone: string; phoneMasked: string; changedAt: string } };
export type ContactEmailChanged = { type: 'ContactEmailChanged'; data: { accountId: string; email: string; emailMasked: string; changedAt: string } };
export type ContactEvent = SecurityPhoneChanged | SecurityEmailChanged | ContactChangeRequested | ContactPhoneChanged | ContactEmailChanged;
