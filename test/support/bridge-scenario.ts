import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountEvent, VerificationEvent } from '@acc/accounts-domain';
import type { OutboundMessage } from '@acc/accounts-contracts';
import { coreMessages, type Infrastructure, openInfrastructure } from '@acc/composition';
import type { EventMetadata } from '@acc/kernel';

/**
 * Bridge tests and benchmark fixture: account-context events written through the real codec (personal
 * data encrypted at rest) into a real embedded store, plus what the bridge should publish for them.
 */

export interface Workspace {
  readonly dir: string;
  readonly infra: Infrastructure;
  close(): Promise<void>;
}

export function openWorkspace(prefix = 'acc-bridge-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const infra = openInfrastructure({ dataDir: join(dir, 'data') });
  return {
    dir,
    infra,
    async close() {
      await infra.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The secrets a scenario put into events: none may reach a message except a code in its own notification. */
export interface ScenarioSecrets {
  readonly codes: Map<string, string>; // code -> verificationId
  readonly hashes: string[]; // password and code hashes
}

// Distinct 6-digit codes within a process (7 is coprime with 900 000).
let codeCounter = 0;
const nextCode = () => String(100_000 + ((codeCounter++ * 7 + 23_456) % 900_000));

const meta = (n: number): EventMetadata => ({ actor: { service: 'bridge-test' }, correlationId: `corr-${n}`, causationId: `corr-${n}` });

/**
 * Appends, for each account i of [from, to): a code issued to its email, the email registration,
 * a nickname and an industry change (5 messages: 1 keyed by the verification id, 4 by the account).
 * `tag` keeps ids unique across calls. Returns the global position of the last event.
 */
export async function appendAccounts(infra: Infrastructure, from: number, to: number, secrets: ScenarioSecrets, tag = 't'): Promise<number> {
  const now = new Date();
  const at = now.toISOString();
  let position = 0;
  for (let i = from; i < to; i++) {
    const uin = String(100_000_000_000 + i);
    const email = `user${i}.${tag}@example.com`;
    const verificationId = `v-${tag}-${i}`;
    const code = nextCode();
    const codeHash = `codehash-${tag}-${i}`;
    const passwordHash = `scrypt$pwhash-${tag}-${i}`;
    secrets.codes.set(code, verificationId);
    secrets.hashes.push(codeHash, passwordHash);
    const issued: VerificationEvent = {
      type: 'VerificationCodeIssued',
      data: {
        verificationId,
        channel: 'email',
        purpose: 'register',
        codeHash,
        expiresAt: new Date(now.getTime() + 300_000).toISOString(),
        maxAttempts: 5,
        issuedAt: at,
        delivery: { address: email, code },
      },
    };
    const accountEvents: AccountEvent[] = [
      {
        type: 'AccountRegistered',
        data: {
          accountId: uin,
          uin,
          appId: `1${uin}`,
          method: 'email',
          identityRef: `ref-${tag}-${i}`,
          identity: email,
          identityMasked: `u***@example.com`,
          nickname: `nick-${tag}-${i}`,
          industry: null,
          passwordHash,
          status: 'active',
          registeredAt: at,
        },
      },
      { type: 'NicknameChanged', data: { accountId: uin, nickname: `renamed-${tag}-${i}`, changedAt: at } },
      { type: 'IndustryChanged', data: { accountId: uin, industry: 'gaming', previous: null, changedAt: at } },
    ];
    await infra.store.append(`verification-${verificationId}`, [await infra.codec.encode(issued, meta(i))], { expectedRevision: 'any' });
    const encoded = await Promise.all(accountEvents.map((e) => infra.codec.encode(e, meta(i))));
    position = (await infra.store.append(`account-${uin}`, encoded, { expectedRevision: 'any' })).position;
  }
  return position;
}

export const newSecrets = (): ScenarioSecrets => ({ codes: new Map(), hashes: [] });

/** What the bridge must publish for the store's current content, in event order (the real mapper over decoded events). */
export async function expectedMessages(infra: Infrastructure, options: { after?: number; now?: Date } = {}): Promise<OutboundMessage[]> {
  const out: OutboundMessage[] = [];
  const now = options.now ?? new Date();
  for (const recorded of await infra.store.readAll({ after: options.after })) {
    if (!coreMessages.handles(recorded.type)) continue;
    const decoded = await infra.codec.decode(recorded);
    out.push(...coreMessages.map({ ...recorded, data: decoded.data as Record<string, unknown> }, { source: '/account-center/core', now }));
  }
  return out;
}

export interface PublishedMessage {
  readonly key: string;
  readonly value: string;
}

/**
 * Checks at-least-once delivery without gaps and per-key order: every expected message id is
 * present under its key, and per key (and channel) the first occurrences of the ids follow event
 * order. `published` must list each partition's records in offset order. Returns the problems
 * (empty = fine) so a failing test says what went wrong.
 */
export function deliveryProblems(expected: readonly OutboundMessage[], published: readonly PublishedMessage[]): string[] {
  const problems: string[] = [];
  const firstSeen = new Map<string, number>();
  published.forEach((m, index) => {
    const id = (JSON.parse(m.value) as { id: string }).id;
    if (!firstSeen.has(id)) firstSeen.set(id, index);
  });
  const byKey = new Map<string, string[]>();
  for (const m of expected) {
    if (!firstSeen.has(m.event.id)) problems.push(`missing ${m.event.type} ${m.event.id} (key ${m.key})`);
    // Order is promised per key within a channel (topic); the two topics are independent streams.
    const stream = `${m.channel}/${m.key}`;
    byKey.set(stream, [...(byKey.get(stream) ?? []), m.event.id]);
  }
  const expectedKey = new Map(expected.map((m) => [m.event.id, m.key]));
  for (const [stream, ids] of byKey) {
    const order = ids.filter((id) => firstSeen.has(id)).map((id) => firstSeen.get(id) as number);
    if (order.some((v, i) => i > 0 && v < order[i - 1])) problems.push(`${stream}: messages out of event order`);
  }
  for (const m of published) {
    const id = (JSON.parse(m.value) as { id: string }).id;
    if (expectedKey.has(id) && expectedKey.get(id) !== m.key) problems.push(`${id}: published under key ${m.key}, expected ${expectedKey.get(id)}`);
  }
  return problems;
}

/**
 * X-6 / CRED-5 scan: no code hash or password hash anywhere, and a code only as the `code`
 * of its own verification-code notification. Codes are searched as JSON strings ("123456").
 */
export function secretProblems(published: readonly PublishedMessage[], secrets: ScenarioSecrets, extraSecrets: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const m of published) {
    for (const secret of [...secrets.hashes, ...extraSecrets]) if (m.value.includes(secret)) problems.push(`a secret leaked into ${m.value.slice(0, 120)}`);
    for (const [code, verificationId] of secrets.codes) {
      if (!m.value.includes(`"${code}"`)) continue;
      const event = JSON.parse(m.value) as { type: string; data: { code?: string; verificationId?: string } };
      const own = event.type === 'verification-code.requested.v1' && event.data.code === code && event.data.verificationId === verificationId;
      const occurrences = m.value.split(`"${code}"`).length - 1;
      if (!own || occurrences !== 1) problems.push(`code of ${verificationId} found in a ${event.type} message`);
    }
  }
  return problems;
}
