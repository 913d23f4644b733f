export interface ContactValue {
  readonly value: string;
  readonly masked: string;
}

export interface PendingContactChange {
  readonly kind: 'phone' | 'email';
  readonly tokenHash: string;
  readonly address: ContactValue;
  readonly syncSecurityEmail: boolean;
  readonly expiresAt: string;
}
