import type { RegisteredAccount } from '@acc/accounts-domain';

/** What a confirmed recovery shows of an account: its id, how it logs in, its real name, all masked. */
export interface RecoveredAccount {
  readonly accountId: string;
  readonly loginMethods: ReadonlyArray<{ readonly type: string; readonly masked: string }>;
  readonly realName: { readonly kind: 'personal' | 'enterprise'; readonly name: string; readonly number: string } | null;
}

export function recoveredAccount(a: RegisteredAccount): RecoveredAccount {
  const r = a.realName;
  return {
    accountId: a.accountId,
    loginMethods: a.loginMethods.map((m) => ({ type: m.type, masked: m.masked })),
    realName: r ? { kind: r.subject.kind, name: r.subject.nameMasked, number: r.subject.numberMasked } : null,
  };
}
