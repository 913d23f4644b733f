import type { LegalPerson, RealNameSubject, RealNameSubjectKind, SubjectRefs } from './model';

// Names, numbers and their masked forms are personal data (schemas.ts); kinds and refs are not.

/** RN-1: the account's subject is verified for the first time. */
export type RealNameVerified = {
  type: 'RealNameVerified';
  data: { accountId: string; subject: RealNameSubject; legalPerson: LegalPerson | null; verifiedAt: string };
};

/** RN-1: the account's subject changed; `previous` names the subject (and quota units) given up. */
export type RealNameSubjectChanged = {
  type: 'RealNameSubjectChanged';
  data: { accountId: string; subject: RealNameSubject; legalPerson: LegalPerson | null; previous: SubjectRefs; changedAt: string };
};

/** The account no longer holds a verification (deregistration frees the real-name quota, REG-5). */
export type RealNameVerificationReleased = {
  type: 'RealNameVerificationReleased';
  data: { accountId: string; subjectKind: RealNameSubjectKind; subjectRef: string; legalPersonRef: string | null; reason: 'deregistered'; releasedAt: string };
};

export type RealNameEvent = RealNameVerified | RealNameSubjectChanged | RealNameVerificationReleased;
