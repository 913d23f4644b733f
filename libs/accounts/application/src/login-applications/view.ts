import type { LoginApplication, LoginApplicationStatus } from '@acc/accounts-domain';

/** What the applicant may see: the status, the case and why an approval failed; no account data. */
export interface LoginApplicationProgress {
  readonly applicationId: string;
  readonly status: LoginApplicationStatus;
  readonly reviewCase: { readonly caseCode: string; readonly dueAt: string } | null;
  readonly loginEmail: string | null;
  readonly failure: string | null;
}

export const progressOf = (app: LoginApplication): LoginApplicationProgress => ({
  applicationId: app.applicationId,
  status: app.status,
  reviewCase: app.reviewCase,
  loginEmail: app.credentials?.emailMasked ?? null,
  failure: app.failure,
});
