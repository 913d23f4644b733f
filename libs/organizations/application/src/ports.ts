import type { CommandContext } from '@acc/application';
import type { MemberFact, NamedUnit } from '@acc/organizations-domain';

/**
 * What the organisations application needs from outside. Adapters live in the composition and
 * the command app: this context imports neither the accounts context nor the crypto library.
 */

/** The WeCom gateway's reports, from signed assertions it verified (the gateway did the WeCom side). */
export type WeComReport =
  | { readonly kind: 'app_installed'; readonly corpId: string; readonly assertionId: string; readonly corpName: string; readonly adminUserId: string }
  | {
      readonly kind: 'range_changed';
      readonly corpId: string;
      readonly assertionId: string;
      readonly departments: { readonly add: readonly NamedUnit[]; readonly remove: readonly string[] };
      readonly tags: { readonly add: readonly NamedUnit[]; readonly remove: readonly string[] };
      readonly members: { readonly add: readonly string[]; readonly remove: readonly string[] };
      /** The members the gateway read inside the added parts: ids, names, departments and tags only. */
      readonly readable: readonly MemberFact[];
    }
  /** A member (or the WeCom admin) logged in by WeCom scan. */
  | { readonly kind: 'member_scan'; readonly corpId: string; readonly assertionId: string; readonly userId: string };

export type WeComReportKind = WeComReport['kind'];

/** Verifies a WeCom gateway assertion of the expected kind; throws a domain error `INVALID_WECOM_ASSERTION` otherwise. */
export interface WeComGateway {
  verify<K extends WeComReportKind>(assertion: string, kind: K): Promise<Extract<WeComReport, { kind: K }>>;
}

/** The keyed-hash ref of a WeCom identity, the same ref the accounts context keeps for a WeCom login method. */
export interface WeComIdentityRefs {
  ref(corpId: string, userId: string): string;
}

/**
 * The accounts side's answer to "is this a main account that can act?" (ORG-1, ORG-3). Which
 * sub-user acts, and with what rights, is this context's own record (its sub-users).
 */
export interface MainAccounts {
  /** Throws `ACCOUNT_NOT_FOUND` for an account that does not exist or is closed. */
  assertActive(accountId: string): Promise<void>;
}

/**
 * LM-2 on the accounts side's identity streams: marked before a sub-user is created, so a
 * concurrent bind of the same identity to a main account races on that stream (ADR 0016).
 */
export interface SubUserIdentities {
  mark(identityRef: string, accountId: string, ctx: CommandContext): Promise<unknown>;
  /** Whether this call freed it (false: it was not marked for this account). */
  free(identityRef: string, accountId: string, ctx: CommandContext): Promise<boolean>;
}

/** Application ids, random (so a link cannot be guessed); an input so tests can fix it. */
export interface ApplicationIds {
  next(): string;
}
