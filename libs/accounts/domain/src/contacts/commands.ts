import type { PhoneInput } from '../model';
import type { ContactValue } from './state';

export type ChangeSecurityPhone = { type: 'ChangeSecurityPhone'; data: { phone: PhoneInput; verificationToken: string; reservationId: string; now: string } };
export type ChangeSecurityEmail = {
  type: 'ChangeSecurityEmail';
  /** `updateSecurityEmail` false: only the contact email follows (a login-email change with "sync contact email" only). */
  data: { email: ContactValue; syncContactEmail: boolean; updateSecurityEmail?: boolean; verificationToken: string; now: string };
};
export type RequestContactChange = {
  type: 'RequestContactChange';
  data: { kind: 'phone' | 'email'; address: ContactValue; syncSecurityEmail: boolean; token: string; tokenHash: string; ttlMinutes: number; now: string };
};
export type ConfirmContactChange = { type: 'ConfirmContactChange'; data: { tokenHash: string; now: string } };
export type ContactCommand = ChangeSecurityPhone | ChangeSecurityEmail | RequestContactChange | ConfirmContactChange;
