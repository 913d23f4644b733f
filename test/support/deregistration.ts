import { RealNameAssertionVerifier } from '@acc/crypto';
import type { Clock } from '@acc/kernel';
import { FaceAssertionVerifier } from '../../apps/command-api/src/accounts/deregistration-face';
import type { System } from '../../apps/command-api/src/system';
import { type client, lastCodeSentTo, providerAssertion } from './app-harness';

type Call = ReturnType<typeof client>;

export const FACE_SECRET = 'test-face-gateway-secret-0123456789abcdef';
export const REAL_NAME_SECRET = 'test-real-name-gateway-secret-0123456789';

/** Steps of a deregistration scenario through HTTP: a completed account, real-name verification, identity verification, resources, face results. */
export function deregistrationSteps(call: Call, system: Pick<System, 'store' | 'codec'>, clock: Clock) {
  return {
    async activeAccount(tag: string, phone: string): Promise<string> {
      const uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', `wx-dereg-${tag}`) })).body.uin as string;
      await call('POST', '/v1/verification-codes', { channel: 'sms', address: phone, purpose: 'complete_registration', accountId: uin });
      const completed = await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await lastCodeSentTo(system as System, phone), industry: 'internet' });
      if (completed.status >= 300) throw new Error(`registration completion failed: ${JSON.stringify(completed.body)}`);
      return uin;
    },
    async verifyRealName(uin: string, kind: 'personal' | 'enterprise'): Promise<void> {
      const claims =
        kind === 'personal'
          ? { accountId: uin, kind, name: '王小明', number: `1101051949123${uin.slice(-4)}X`.slice(0, 18) }
          : { accountId: uin, kind, name: '深圳市示例科技有限公司', number: `91440300MA5F${uin.slice(-6)}`, legalPerson: { name: '李四', idNumber: '44030519800101345X' } };
      const verified = await call('POST', `/v1/accounts/${uin}/real-name-verifications`, { assertion: await RealNameAssertionVerifier.sign(REAL_NAME_SECRET, claims, 300, clock.now()) });
      if (verified.status !== 200) throw new Error(`real-name verification failed: ${JSON.stringify(verified.body)}`);
    },
    async verificationToken(uin: string, phone: string): Promise<string> {
      await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
      const confirmed = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(system as System, phone) });
      return confirmed.body.verificationToken as string;
    },
    putResource(uin: string, id: string, kind: string, extra: { unsettledPostpaid?: boolean } = {}) {
      return call('PUT', `/v1/platform-resources/${uin}/${id}`, { kind, name: `${kind} ${id}`, ...extra });
    },
    face(uin: string, subject: 'personal' | 'legal_person', passed = true) {
      return FaceAssertionVerifier.sign(FACE_SECRET, { accountId: uin, subject, passed }, 300, clock.now());
    },
  };
}
