import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import { checkPasswordPolicy, isLoginApplication, LOGIN_APPLICATION_ID, type LoginApplication, type LoginApplicationCommand, maskEmail, normalizeEmail, normalizePhone } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, randomToken, tokenHash } from '../account-state';
import { faceVerdictFor, type FaceVerifications } from '../deregistration/ports';
import type { IdentityClaims } from '../identity-claims';
import type { IdentityHashing, PasswordHashing, Randomness } from '../ports';
import { LoginApplicationAggregate } from './aggregate';
import type { LoginApplicationDesk, LoginApplicationPolicy } from './ports';
import { type LoginApplicationInput, resolveApplicant } from './applicant';
import type { LoginApplicationLimits } from './limits';
import { type LoginApplicationProgress, progressOf } from './view';

export interface LoginApplicationsDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly claims: IdentityClaims;
  readonly passwords: PasswordHashing;
  readonly faces: FaceVerifications;
  readonly random: Randomness;
  readonly desk: LoginApplicationDesk;
  readonly policy: LoginApplicationPolicy;
  readonly limits: LoginApplicationLimits;
}

export type LoginApplicationStep = 'contact_phone_code' | 'confirm_contact_phone' | 'credentials' | 'face_verification' | 'review' | 'failed';

export interface LoginApplicationAnswer {
  readonly applicationId: string;
  readonly next: LoginApplicationStep;
  /** Handed out once, at the start: reads the application's progress. */
  readonly token?: string;
  readonly reviewCase?: { readonly caseCode: string; readonly dueAt: string };
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * REC-3 (docs/adr/0013): a login application per stream. Until the face step every answer is
 * built from the application id and the step only, so a caller cannot tell whether the account
 * exists or its subject matched; the account changes only when the review approves.
 */
export class LoginApplicationsService {
  constructor(private readonly deps: LoginApplicationsDeps) {}

  async start(input: LoginApplicationInput, ctx: CommandContext): Promise<LoginApplicationAnswer> {
    // Counted synchronously before the first await, so parallel starts cannot pass a limit.
    this.deps.limits.admitStart(ctx, this.askedForRef(input));
    const contactPhone = normalizePhone(input.contactPhone) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid contact phone number'));
    const applicant = await resolveApplicant({ repository: this.deps.repository, hashing: this.deps.hashing, claims: this.deps.claims }, input);
    const applicationId = this.newId();
    const token = randomToken('lat_', this.deps.random);
    const data = { applicationId, ...applicant, reason: input.reason, contactPhone, contactPhoneRef: this.deps.hashing.ref('phone', contactPhone), tokenHash: tokenHash(token), ttlSeconds: this.deps.policy.ttlSeconds };
    await this.run(applicationId, { type: 'StartLoginApplication', data }, ctx);
    return { applicationId, token, next: 'contact_phone_code' };
  }

  /** A code to the contact phone (again: a new code replaces the old one). */
  async sendContactCode(applicationId: string, ctx: CommandContext): Promise<LoginApplicationAnswer> {
    this.deps.limits.admitStep(ctx);
    const code = this.deps.random.code6();
    const { ttlSeconds, maxAttempts } = this.deps.policy.code;
    await this.run(applicationId, { type: 'IssueLoginApplicationCode', data: { code, codeHash: this.codeHash(applicationId, code), ttlSeconds, maxAttempts } }, ctx);
    return { applicationId, next: 'confirm_contact_phone' };
  }

  async confirmContactCode(applicationId: string, code: string, ctx: CommandContext): Promise<LoginApplicationAnswer> {
    this.deps.limits.admitStep(ctx);
    await this.run(applicationId, { type: 'ConfirmLoginApplicationCode', data: { codeHash: this.codeHash(applicationId, code) } }, ctx);
    return { applicationId, next: 'credentials' };
  }

  /** The new login email (not used by any account now; checked again on approval) and its password (CRED-1). */
  async setCredentials(applicationId: string, input: { email: string; password: string; protectWithContactPhone?: boolean }, ctx: CommandContext): Promise<LoginApplicationAnswer> {
    this.deps.limits.admitStep(ctx);
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    const refused = checkPasswordPolicy(input.password);
    if (refused) fail(refused);
    const emailRef = this.deps.hashing.ref('email', email);
    const held = (await this.deps.claims.load('email', emailRef)).state.bindings.length > 0;
    if (held) fail(domainError('conflict', 'LOGIN_EMAIL_TAKEN', 'the email is a login method of an account already'));
    const passwordHash = await this.deps.passwords.hash(input.password);
    const data = { email, emailRef, emailMasked: maskEmail(email), passwordHash, protectWithContactPhone: input.protectWithContactPhone === true };
    await this.run(applicationId, { type: 'SetLoginApplicationCredentials', data }, ctx);
    return { applicationId, next: 'face_verification' };
  }

  /** The face of the account's personal subject; a passed face of the matching subject opens the review case. */
  async verifyFace(applicationId: string, assertion: string, ctx: CommandContext): Promise<LoginApplicationAnswer> {
    this.deps.limits.admitStep(ctx);
    const verdict = await this.readFace(assertion, applicationId);
    const { state } = await this.run(applicationId, { type: 'VerifyLoginApplicationFace', data: { subject: verdict.subject, passed: verdict.passed } }, ctx);
    const app = state as LoginApplication;
    if (app.status === 'failed' || !app.accountId) return { applicationId, next: 'failed' };
    const caseCode = this.deps.desk.newCaseCode();
    // The reviewer looks at the account; the application is the case's owner.
    const opened = await this.deps.desk.openCase({ kind: 'login_application', subject: app.accountId, evidence: [], dueBusinessDays: this.deps.policy.reviewBusinessDays }, ctx, { caseCode, ownerRef: applicationId });
    await this.run(applicationId, { type: 'OpenLoginApplicationCase', data: opened }, ctx);
    return { applicationId, next: 'review', reviewCase: opened };
  }

  /** Progress for the holder of the application's token (the same refusal for a wrong token and no application). */
  async progress(applicationId: string, token: string): Promise<LoginApplicationProgress> {
    const missing = () => fail(domainError('not_found', 'LOGIN_APPLICATION_NOT_FOUND', 'no such login application'));
    if (!LOGIN_APPLICATION_ID.test(applicationId)) return missing();
    const { state } = await this.deps.repository.load(LoginApplicationAggregate, applicationId);
    if (!isLoginApplication(state) || state.tokenHash !== tokenHash(token)) return missing();
    return progressOf(state);
  }

  private readFace(assertion: string, applicationId: string) {
    // The gateway verifies a face for one application: its assertion names it.
    return faceVerdictFor(this.deps.faces, assertion, applicationId);
  }


  /** The account asked for as given (id, else normalised login email), as a keyed hash: the limit key holds no email. */
  private askedForRef(input: LoginApplicationInput): string | null {
    const asked = input.accountId ? `id:${input.accountId.trim()}` : input.loginEmail ? `email:${normalizeEmail(input.loginEmail) ?? input.loginEmail.trim().toLowerCase()}` : null;
    return asked ? this.deps.hashing.ref('login-application-account', asked) : null;
  }

  private codeHash(applicationId: string, code: string) {
    return this.deps.hashing.ref('login-application-code', `${applicationId}:${code}`);
  }

  private newId(): string {
    return `la_${Array.from({ length: 26 }, () => ID_ALPHABET[Math.floor(this.deps.random.next() * ID_ALPHABET.length)]).join('')}`;
  }

  private run(applicationId: string, command: Unstamped<LoginApplicationCommand>, ctx: CommandContext) {
    if (!LOGIN_APPLICATION_ID.test(applicationId)) fail(domainError('not_found', 'LOGIN_APPLICATION_NOT_FOUND', 'no such login application'));
    return this.deps.repository.execute(LoginApplicationAggregate, applicationId, command, ctx);
  }
}
