import { join } from 'node:path';
import type { CommandContext } from '@acc/application';
import { SqliteEventStore } from '@acc/event-store';
import type { EventStore, ReadAllOptions } from '@acc/ports';
import { createSystem, cryptoRandomness, type System, type SystemOverrides } from '../../apps/command-api/src/system';
import { providerAssertion, tempDataDir, testConfig } from '../support/app-harness';

/**
 * The identity-reservation recovery keeps its own checkpoint (docs/adr/0020): a new process reads
 * only the log after it, and the reservations still open at the checkpoint come from the
 * checkpoint itself, so one a crash left long before is still repaired.
 */
const CODE = '246810';
const ctx: CommandContext = { actor: { service: 'recovery-checkpoint-test' }, correlationId: 'recovery-checkpoint' };

describe('identity-reservation recovery from its own checkpoint', () => {
  const data = tempDataDir('acc-recovery-cp-');
  const systems: System[] = [];
  const open = (overrides: SystemOverrides = {}) => {
    const system = createSystem(testConfig(data.dir), { random: { next: cryptoRandomness.next, code6: () => CODE }, ...overrides });
    systems.push(system);
    return system;
  };
  /** The event store of the data folder, recording where each read of the whole log starts. */
  const watchedStore = (afters: number[]): EventStore => {
    const inner = new SqliteEventStore({ path: join(data.dir, 'events.db') });
    return new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'readAll') {
          return (options?: ReadAllOptions) => {
            afters.push(options?.after ?? 0);
            return target.readAll(options);
          };
        }
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  afterAll(async () => {
    for (const s of systems) await s.close();
    data.remove();
  });

  async function activeAccount(s: System, i: number) {
    const { uin } = await s.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', `qq-cp-${i}`) }, ctx);
    const phone = `+86139${String(i).padStart(4, '0')}7777`;
    await s.accounts.requestCode({ channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin }, ctx);
    await s.accounts.completeRegistration(uin, { phone, phoneCode: CODE, industry: 'gaming' }, ctx);
    await s.identityVerification.start(uin, {}, ctx);
    const { verificationToken } = await s.identityVerification.confirm(uin, { code: CODE }, ctx);
    return { uin, token: verificationToken };
  }

  it('a reservation a crash left open before the checkpoint is repaired by a later process that reads only what is newer', async () => {
    const crashing = open({
      hooks: {
        afterReservation: (stream) => {
          if (stream.startsWith('identity-wechat-')) throw new Error('process killed');
        },
      },
    });
    const acc = await activeAccount(crashing, 1);
    const assertion = await providerAssertion('wechat', 'wx-cp-crash');
    await expect(crashing.loginMethods.bindProvider(acc.uin, { provider: 'wechat', assertion, verificationToken: acc.token }, ctx)).rejects.toThrow('process killed');
    const ref = crashing.hasher.ref('wechat', 'wx-cp-crash');
    expect((await crashing.accounts.claims.load('wechat', ref)).state.bindings).toEqual([expect.objectContaining({ accountId: acc.uin, status: 'reserved' })]);

    // Within the grace period: noted, not repaired; the checkpoint now lies after the reservation.
    const patient = open({ reconcileGraceMs: 60_000 });
    const noted = await patient.reconciler.runOnce();
    expect(noted).toMatchObject({ confirmed: 0, released: 0 });
    expect(noted.waiting).toBeGreaterThanOrEqual(1); // the orphan, and the finished registration and binding of the account
    const checkpoint = (patient.reconciler as unknown as { state: { position: number } }).state.position;
    for (let i = 2; i <= 4; i++) await activeAccount(patient, i); // newer events

    // A new process: it starts reading at the checkpoint, never at 0, and still releases the old orphan.
    const afters: number[] = [];
    const later = open({ reconcileGraceMs: 0, store: watchedStore(afters) });
    const report = await later.reconciler.runOnce();
    expect(afters.length).toBeGreaterThan(0);
    expect(Math.min(...afters)).toBe(checkpoint);
    expect(report).toMatchObject({ released: 1, waiting: 0 });
    expect((await later.accounts.claims.load('wechat', ref)).state.bindings).toEqual([]);

    // Repaired work leaves the checkpoint: the next process has nothing to repair.
    const next = open({ reconcileGraceMs: 0 });
    expect(await next.reconciler.runOnce()).toMatchObject({ confirmed: 0, released: 0, waiting: 0 });
  }, 60_000);
});
