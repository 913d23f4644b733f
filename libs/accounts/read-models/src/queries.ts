import { type IdentityKind, LOGIN_METHOD_TYPES, type LoginMethodType, PASSWORD_MAX_AGE_DAYS } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';
import type { Filter, ProjectionPositions, ReadStore } from '@acc/ports';
import { ACCOUNT_PROFILES, type AccountProfileDocument, accountProfileProjection } from './account-profile';
import { ACCOUNT_AUDIT_LOG, AUDIT_LOG_PROJECTION, type AuditLogDocument } from './audit-log';
import { IDENTITY_LINKS, type IdentityLinkDocument, identityIndexProjection } from './identity-index';
import { ACCOUNT_LOGIN_METHODS, type LoginMethodRow, type LoginMethodsDocument, loginMethodsProjection } from './login-methods';
import { ACCOUNT_SECURITY, type SecurityViewDocument, securityViewProjection } from './security-view';

/** Read-your-writes: wait until the read model has handled this position (bounded). */
export interface Consistency {
  readonly waitForPosition?: number;
  readonly timeoutMs?: number;
}

/** A read model answer with the position it reflects at least (null: nothing projected yet). */
export interface Versioned<T> {
  readonly position: number | null;
  readonly data: T;
}

/** The read model did not reach the awaited position in time. */
export class ReadModelBehindError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number | null,
    readonly awaited: number,
  ) {
    super(`${projection} is at position ${position ?? 'none'}, behind ${awaited}`);
    this.name = 'ReadModelBehindError';
  }
}

export type AccountProfileView = Omit<AccountProfileDocument, '_id' | '_pos'>;

export interface LoginMethodsView {
  readonly accountId: string;
  readonly registrationMethod: LoginMethodType;
  readonly methods: ReadonlyArray<{ readonly type: LoginMethodType } & LoginMethodRow>;
}

export type AuditEntryView = Omit<AuditLogDocument, '_id'> & { readonly eventId: string };

export interface AuditLogQuery {
  /** Inclusive lower bound of `at` (ISO-8601, UTC). */
  readonly from?: string;
  /** Exclusive upper bound of `at`. */
  readonly to?: string;
  readonly types?: readonly string[];
  readonly limit: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: number;
  readonly order: 'asc' | 'desc';
}

export interface AuditLogPage {
  readonly items: readonly AuditEntryView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: number | null;
}

const DEFAULT_TIMEOUT_MS = 5000;

function withoutInternals<T extends Record<string, unknown>>(doc: T): Omit<T, '_id' | '_pos'> {
  const { _id, _pos, ...rest } = doc;
  void _id;
  void _pos;
  return rest;
}

/**
 * The query side of the accounts read models. The position of an answer is read before its
 * data, so the data reflects at least that position.
 */
export class AccountReadQueries {
  constructor(
    private readonly store: ReadStore,
    private readonly positions: ProjectionPositions,
  ) {}

  private async positionOf(projection: string, consistency: Consistency = {}): Promise<number | null> {
    const awaited = consistency.waitForPosition;
    if (awaited === undefined) return this.positions.current(projection);
    const reached = await this.positions.waitFor(projection, awaited, consistency.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (reached === null || reached < awaited) throw new ReadModelBehindError(projection, reached, awaited);
    return reached;
  }

  private notFound(position: number | null): never {
    throw new DomainErrorException(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account in the read model', { position }));
  }

  async profile(accountId: string, consistency?: Consistency): Promise<Versioned<AccountProfileView>> {
    const position = await this.positionOf(accountProfileProjection.name, consistency);
    const doc = await this.store.findOne<AccountProfileDocument>(ACCOUNT_PROFILES, { _id: accountId });
    if (!doc) this.notFound(position);
    return { position, data: withoutInternals(doc as AccountProfileDocument & Record<string, unknown>) as AccountProfileView };
  }

  async loginMethods(accountId: string, consistency?: Consistency): Promise<Versioned<LoginMethodsView>> {
    const position = await this.positionOf(loginMethodsProjection.name, consistency);
    const doc = await this.store.findOne<LoginMethodsDocument>(ACCOUNT_LOGIN_METHODS, { _id: accountId });
    if (!doc) this.notFound(position);
    const { methods, registrationMethod } = doc as LoginMethodsDocument;
    return {
      position,
      data: { accountId, registrationMethod, methods: LOGIN_METHOD_TYPES.map((type) => ({ type, ...methods[type] })) },
    };
  }

  /** The security-settings page; `ageDays` and the 90-day recommendation are computed at read time from `now`. */
  async securityView(accountId: string, now: Date, consistency?: Consistency) {
    const position = await this.positionOf(securityViewProjection.name, consistency);
    const doc = await this.store.findOne<SecurityViewDocument>(ACCOUNT_SECURITY, { _id: accountId });
    if (!doc) this.notFound(position);
    const view = withoutInternals(doc as SecurityViewDocument & Record<string, unknown>) as Omit<SecurityViewDocument, '_id'>;
    const changedAt = view.password.changedAt;
    const ageDays = changedAt ? Math.floor((now.getTime() - new Date(changedAt).getTime()) / 86_400_000) : null;
    return { position, data: { ...view, password: { ...view.password, ageDays, changeRecommended: ageDays !== null && ageDays >= PASSWORD_MAX_AGE_DAYS } } };
  }

  async auditLog(accountId: string, query: AuditLogQuery, consistency?: Consistency): Promise<Versioned<AuditLogPage>> {
    const position = await this.positionOf(AUDIT_LOG_PROJECTION, consistency);
    const filter: Record<string, unknown> = { accountId };
    if (query.from !== undefined || query.to !== undefined) {
      filter.at = { ...(query.from !== undefined ? { $gte: query.from } : {}), ...(query.to !== undefined ? { $lt: query.to } : {}) };
    }
    if (query.types?.length) filter.type = { $in: [...query.types] };
    if (query.cursor !== undefined) filter.position = query.order === 'asc' ? { $gt: query.cursor } : { $lt: query.cursor };
    // One extra row tells whether another page follows.
    const rows = await this.store.find<AuditLogDocument>(ACCOUNT_AUDIT_LOG, filter as Filter, { sort: { position: query.order === 'asc' ? 1 : -1 }, limit: query.limit + 1 });
    if (rows.length === 0 && query.cursor === undefined && !(await this.store.findOne(ACCOUNT_PROFILES, { _id: accountId }))) this.notFound(position);
    const page = rows.slice(0, query.limit);
    return {
      position,
      data: {
        items: page.map(({ _id, ...rest }) => ({ eventId: _id, ...rest })),
        nextCursor: rows.length > query.limit ? page[page.length - 1].position : null,
      },
    };
  }

  /** Accounts an identity (by keyed-hash ref) is actively linked to; internal, not exposed over HTTP. */
  async identityLinks(kind: IdentityKind, ref: string, consistency?: Consistency): Promise<Versioned<Array<Omit<IdentityLinkDocument, '_id'>>>> {
    const position = await this.positionOf(identityIndexProjection.name, consistency);
    const links = await this.store.find<IdentityLinkDocument>(IDENTITY_LINKS, { kind, ref, active: true }, { sort: { accountId: 1 } });
    return { position, data: links.map((l) => withoutInternals(l as IdentityLinkDocument & Record<string, unknown>) as Omit<IdentityLinkDocument, '_id'>) };
  }
}
