import type { IdentityInput, PhoneInput } from '../model';

// Time and random ids are inputs.

export type RegisterAccount = {
  type: 'RegisterAccount';
  data: { uin: string; identity: IdentityInput; passwordHash?: string; nickname?: string; industry?: string; permissions?: readonly string[]; now: string };
};
export type CompleteRegistration = { type: 'CompleteRegistration'; data: { phone: PhoneInput; contactEmail?: string; industry: string; now: string } };
export type ChangeNickname = { type: 'ChangeNickname'; data: { nickname: string; now: string } };
export type ChangeIndustry = { type: 'ChangeIndustry'; data: { industry: string; now: string } };

export type ProfileCommand = RegisterAccount | CompleteRegistration | ChangeNickname | ChangeIndustry;
