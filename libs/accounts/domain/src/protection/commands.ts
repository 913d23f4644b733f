import type { VerificationMethod } from '../model';
import type { ProtectionKind } from './state';

export type SetProtection = {
  type: 'SetProtection';
  data: { protection: ProtectionKind; method: VerificationMethod; enabled?: boolean; verificationToken: string; now: string };
};

export type ProtectionCommand = SetProtection;
