import { randomUUID } from 'node:crypto';
import { GatewayAssertions } from '@acc/crypto';
import { domainError, DomainErrorException } from '@acc/kernel';
import type { WeComGateway, WeComReport, WeComReportKind } from '@acc/organizations-application';

const GATEWAY = 'wecom-gateway';
const MAX_ITEMS = 1000;

class BadClaims extends Error {}

const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > 128) throw new BadClaims(`${what} must be a non-empty string of at most 128 characters`);
  return v;
};
const list = <T>(v: unknown, what: string, item: (x: unknown) => T): T[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_ITEMS) throw new BadClaims(`${what} must be a list of at most ${MAX_ITEMS}`);
  return v.map(item);
};
const ids = (v: unknown, what: string) => list(v, what, (x) => text(x, what));
const units = (v: unknown, what: string) => list(v, what, (x) => ({ id: text((x as Record<string, unknown>)?.id, `${what}.id`), name: text((x as Record<string, unknown>)?.name, `${what}.name`) }));
const change = (v: unknown, what: string, add: (x: unknown, w: string) => any) => {
  const c = (v ?? {}) as Record<string, unknown>;
  return { add: add(c.add, `${what}.add`), remove: ids(c.remove, `${what}.remove`) };
};

/** Only ids, names, departments and tags are read from a member: a phone or an email the gateway sent is never kept (ORG-4). */
function member(x: unknown) {
  const m = (x ?? {}) as Record<string, unknown>;
  return { userId: text(m.userId, 'readable.userId'), name: text(m.name, 'readable.name'), departmentIds: ids(m.departmentIds, 'readable.departmentIds'), tagIds: ids(m.tagIds, 'readable.tagIds') };
}

function report(payload: Record<string, unknown> & { sub: string }): WeComReport {
  const corpId = text(payload.sub, 'sub (the corp id)');
  const assertionId = typeof payload.jti === 'string' ? payload.jti : `${corpId}:${String(payload.iat)}`;
  switch (payload.report) {
    case 'app_installed':
      return { kind: 'app_installed', corpId, assertionId, corpName: text(payload.corpName, 'corpName'), adminUserId: text(payload.adminUserId, 'adminUserId') };
    case 'range_changed':
      return {
        kind: 'range_changed',
        corpId,
        assertionId,
        departments: change(payload.departments, 'departments', units),
        tags: change(payload.tags, 'tags', units),
        members: change(payload.members, 'members', ids),
        readable: list(payload.readable, 'readable', member),
      };
    case 'member_scan':
      return { kind: 'member_scan', corpId, assertionId, userId: text(payload.userId, 'userId') };
    default:
      throw new BadClaims('report must be app_installed, range_changed or member_scan');
  }
}

/**
 * The WeCom gateway's signed reports (HS256 JWT, issuer `account-center/wecom-gateway`, under the
 * provider gateway's secret `ACC_GATEWAY_SECRET`): `sub` the corp id, `report` what happened. The
 * gateway did the WeCom side (the app's install callback, the admin's range change, a member's
 * scan); the core trusts its signature and reads only the claims of the report's kind.
 */
export class WeComAssertionVerifier implements WeComGateway {
  private readonly assertions: GatewayAssertions;

  constructor(secret: string, now: () => Date = () => new Date()) {
    this.assertions = new GatewayAssertions(GATEWAY, secret, now);
  }

  async verify<K extends WeComReportKind>(assertion: string, kind: K): Promise<Extract<WeComReport, { kind: K }>> {
    let verified: WeComReport;
    try {
      verified = report(await this.assertions.verify(assertion, ['report']));
    } catch (error) {
      // A claim's value is never quoted: it may be a member's name.
      const reason = error instanceof BadClaims ? error.message : error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new DomainErrorException(domainError('unauthorized', 'INVALID_WECOM_ASSERTION', `invalid WeCom gateway assertion: ${reason}`));
    }
    if (verified.kind !== kind) throw new DomainErrorException(domainError('unauthorized', 'INVALID_WECOM_ASSERTION', `the WeCom assertion reports ${verified.kind}, not ${kind}`));
    return verified as Extract<WeComReport, { kind: K }>;
  }

  /** What the gateway does; for tests, the README examples and local tooling. */
  static sign(secret: string, corpId: string, claims: Record<string, unknown> & { report: WeComReportKind }, ttlSeconds = 300, now = new Date()): Promise<string> {
    return GatewayAssertions.sign(GATEWAY, secret, corpId, { jti: randomUUID(), ...claims }, ttlSeconds, now);
  }
}
