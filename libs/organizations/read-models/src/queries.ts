import { domainError, DomainErrorException } from '@acc/kernel';
import type { ProjectionPositions, ReadStore } from '@acc/ports';
import { ACCOUNT_SUB_USERS, type ApplicationDocument, type MemberDocument, ORGANIZATION_MEMBERS, type OrganizationDocument, ORGANIZATIONS, organizationsProjection, SUB_USER_APPLICATIONS, type SubUserDocument } from './organizations';

/** Read-your-writes: wait (bounded) until the read model handled this position. */
export interface OrganizationConsistency {
  readonly waitForPosition?: number;
  readonly timeoutMs?: number;
}

export type ApplicationView = Omit<ApplicationDocument, '_id' | 'status'> & { readonly status: ApplicationDocument['status'] | 'expired' };

const decode = (map: Readonly<Record<string, string>>) => Object.entries(map ?? {}).map(([key, name]) => ({ id: decodeURIComponent(key), name }));

function strip<T extends { _id: string }>(doc: T): Omit<T, '_id' | '_pos'> {
  const { _id, _pos, ...rest } = doc as T & { _pos?: number };
  void _id;
  void _pos;
  return rest;
}

/**
 * The organisations' read models: an organisation with its binding and range (members by id and
 * name only), its applications (open, expired, decided), an account's sub-users.
 */
export class OrganizationReadQueries {
  constructor(
    private readonly store: ReadStore,
    private readonly positions: ProjectionPositions,
    /** The error a read behind the awaited position answers (the app maps it to 503). */
    private readonly behind: (reached: number | null, awaited: number) => Error,
  ) {}

  private async position(consistency: OrganizationConsistency = {}): Promise<number | null> {
    const name = organizationsProjection.name;
    const awaited = consistency.waitForPosition;
    if (awaited === undefined) return this.positions.current(name);
    const reached = await this.positions.waitFor(name, awaited, consistency.timeoutMs ?? 5000);
    if (reached === null || reached < awaited) throw this.behind(reached, awaited);
    return reached;
  }

  async organization(corpId: string, consistency?: OrganizationConsistency) {
    const position = await this.position(consistency);
    const doc = await this.store.findOne<OrganizationDocument>(ORGANIZATIONS, { _id: corpId });
    if (!doc) throw new DomainErrorException(domainError('not_found', 'ORG_NOT_FOUND', 'no such organisation in the read model', { position }));
    const members = await this.store.find<MemberDocument>(ORGANIZATION_MEMBERS, { corpId }, { sort: { userId: 1 }, limit: 1000 });
    const { departments, tags, listedMembers, ...org } = strip(doc);
    return {
      position,
      data: {
        ...org,
        bindings: [...org.bindings],
        departments: decode(departments),
        tags: decode(tags),
        listedMembers: Object.values(listedMembers ?? {}),
        members: members.map((m) => ({ userId: m.userId, name: m.name, departmentIds: [...m.departmentIds], tagIds: [...m.tagIds] })),
      },
    };
  }

  /** `expired`: still open past its link's 4 hours at `now`. */
  async applications(corpId: string, now: string, query: { status?: ApplicationView['status'] } = {}, consistency?: OrganizationConsistency) {
    const position = await this.position(consistency);
    const docs = await this.store.find<ApplicationDocument>(SUB_USER_APPLICATIONS, { corpId }, { sort: { openedAt: -1 }, limit: 500 });
    const items: ApplicationView[] = docs.map((d) => ({ ...strip(d), status: d.status === 'open' && d.expiresAt < now ? 'expired' : d.status }));
    return { position, data: { items: query.status ? items.filter((i) => i.status === query.status) : items } };
  }

  async subUsers(accountId: string, consistency?: OrganizationConsistency) {
    const position = await this.position(consistency);
    const docs = await this.store.find<SubUserDocument>(ACCOUNT_SUB_USERS, { accountId }, { sort: { createdAt: 1 }, limit: 1000 });
    return { position, data: { accountId, items: docs.map(strip) } };
  }
}
