/** Real-name verification (RN-1): who the account's subject is, and the quota units it holds. */

export const REAL_NAME_SUBJECT_KINDS = ['personal', 'enterprise'] as const;
export type RealNameSubjectKind = (typeof REAL_NAME_SUBJECT_KINDS)[number];

/**
 * The account's subject as the real-name gateway asserted it. `number` is the ID number
 * (personal) or the unified social credit code (enterprise): personal data, encrypted at rest;
 * `ref` is its keyed hash, the only form lookups and claim streams see.
 */
export interface RealNameSubject {
  readonly kind: RealNameSubjectKind;
  readonly ref: string;
  readonly name: string;
  readonly number: string;
  readonly nameMasked: string;
  readonly numberMasked: string;
}

/** The legal person of an enterprise subject, identified by an ID number like a personal subject. */
export interface LegalPerson {
  readonly ref: string;
  readonly name: string;
  readonly idNumber: string;
  readonly nameMasked: string;
  readonly idNumberMasked: string;
}

/** What the account state keeps of its verification. */
export interface RealNameState {
  readonly subject: RealNameSubject;
  readonly legalPerson: LegalPerson | null;
  /** When the current subject was verified: the change interval runs from here. */
  readonly verifiedAt: string;
}

/** Identity streams that count real-name verified accounts (REG-5), one per identity and role. */
export const REAL_NAME_QUOTA_KINDS = ['real-name-personal', 'real-name-enterprise', 'legal-person'] as const;
export type RealNameQuotaKind = (typeof REAL_NAME_QUOTA_KINDS)[number];

export const isRealNameQuotaKind = (kind: unknown): kind is RealNameQuotaKind => (REAL_NAME_QUOTA_KINDS as readonly unknown[]).includes(kind);

/** One unit of a real-name quota: an identity stream (`identity-<kind>-<ref>`) the account counts on. */
export interface QuotaUnit {
  readonly kind: RealNameQuotaKind;
  readonly ref: string;
}

/** The subject's references as events that give a subject up record them. */
export interface SubjectRefs {
  readonly kind: RealNameSubjectKind;
  readonly ref: string;
  readonly legalPersonRef: string | null;
}

export const subjectRefs = (v: { subject: RealNameSubject; legalPerson: LegalPerson | null }): SubjectRefs => ({
  kind: v.subject.kind,
  ref: v.subject.ref,
  legalPersonRef: v.legalPerson?.ref ?? null,
});

/** The quota units a subject holds: its own identity, and for an enterprise its legal person's. */
export function quotaUnits(refs: SubjectRefs | null): QuotaUnit[] {
  if (!refs) return [];
  if (refs.kind === 'personal') return [{ kind: 'real-name-personal', ref: refs.ref }];
  return [{ kind: 'real-name-enterprise', ref: refs.ref }, ...(refs.legalPersonRef ? [{ kind: 'legal-person' as const, ref: refs.legalPersonRef }] : [])];
}

export const sameUnit = (a: QuotaUnit, b: QuotaUnit) => a.kind === b.kind && a.ref === b.ref;

/** Units of `from` that `to` does not hold. */
export const unitsLeft = (from: readonly QuotaUnit[], to: readonly QuotaUnit[]) => from.filter((u) => !to.some((v) => sameUnit(u, v)));

/** Deployment rules the decision needs (REG-5, from the limits): time and numbers come in the command. */
export interface RealNamePolicy {
  readonly changeIntervalDays: number;
  readonly enterpriseNameMinLength: number;
}
