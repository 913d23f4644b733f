import type { VerificationMethod } from '../model';
import type { ProtectionKind } from './state';

export type ProtectionChanged = {
  type: 'ProtectionChanged';
  data: { accountId: string; protection: ProtectionKind; method: VerificationMethod; enabled: boolean; previous: { method: VerificationMethod; enabled: boolean }; changedAt: string };
};

export type ProtectionEvent = ProtectionChanged;
