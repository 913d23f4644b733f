import type { CommandContext } from '@acc/application';
import { accountDecider } from '@acc/accounts-domain';
import { createSystem, cryptoRandomness } from '../../apps/command-api/src/system';
import { providerAssertion, tempDataDir, testConfig } from '../support/app-harness';

/** ADR 0007: binding WeChat reads the account once from the store and decides once. */
const CODE = '135790';
const ctx: CommandContext = { actor: { service: 'command-path-test' }, correlationId: 'command-path' };

describe('the command path of BindWeChat', () => {
  const data = tempDataDir('acc-path-');
  const system = createSystem(testConfig(data.dir), { random: { next: cryptoRandomness.next, code6: () => CODE } });
  afterAll(async () => {
    await system.close();
    data.remove();
  });

  it('loads the account once and decides BindLoginMethod once', async () => {
    const { uin } = await system.accounts.registerByProvider({ provider: 'qq', assertion: await providerAssertion('qq', 'qq-path-1') }, ctx);
    await system.accounts.requestCode({ channel: 'sms', address: '+8613900001111', purpose: 'complete_registration', accountId: uin }, ctx);
    await system.accounts.completeRegistration(uin, { phone: '+8613900001111', phoneCode: CODE, industry: 'gaming' }, ctx);
    await system.identityVerification.start(uin, {}, ctx);
    const { verificationToken } = await system.identityVerification.confirm(uin, { code: CODE }, ctx);
    const assertion = await providerAssertion('wechat', 'wx-path-1');
    system.repository.clearCache(); // a cold account: the bind must read it, and only once

    const stream = `account-${uin}`;
    const reads: string[] = [];
    const store = system.store;
    for (const method of ['readStream', 'streamRevision', 'readSnapshot'] as const) {
      const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
      jest.spyOn(store, method).mockImplementation(((id: string, ...rest: unknown[]) => {
        if (id === stream) reads.push(method);
        return original(id, ...rest);
      }) as never);
    }
    const decide = jest.spyOn(accountDecider, 'decide');

    const result = await system.loginMethods.bindProvider(uin, { provider: 'wechat', assertion, verificationToken }, ctx);

    expect(result.loginMethods.find((m) => m.type === 'wechat')).toMatchObject({ state: 'bound' });
    expect(decide.mock.calls.map(([command]) => command.type)).toEqual(['BindLoginMethod']);
    // One load: the snapshot (if any) and the stream read once, no second look before deciding.
    expect(reads.filter((r) => r === 'readStream')).toHaveLength(1);
    expect(reads.filter((r) => r === 'streamRevision')).toHaveLength(0);
    jest.restoreAllMocks();
  });
});
