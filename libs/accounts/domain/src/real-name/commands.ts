import type { LegalPerson, RealNamePolicy, RealNameSubject } from './model';

/** RN-1: the gateway verified this subject for the account (first verification or a change of subject). */
export type VerifyRealName = {
  type: 'VerifyRealName';
  data: { subject: RealNameSubject; legalPerson: LegalPerson | null; policy: RealNamePolicy; now: string };
};

/** The account gives its verification up, freeing its quota units (REG-5: deregistering a verified account). */
export type ReleaseRealName = { type: 'ReleaseRealName'; data: { reason: 'deregistered'; now: string } };

export type RealNameCommand = VerifyRealName | ReleaseRealName;
