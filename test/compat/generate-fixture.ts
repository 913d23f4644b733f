/**
 * Writes the stored-data compatibility fixture test/fixtures/compat-v1/: a data folder made by a
 * small but broad history of commands sent over HTTP, and the answers the code that wrote it gave
 * for every account (expected.json). test/compat/stored-data.compat.spec.ts checks that later code
 * reads the same data folder identically. Regenerate only on purpose (see the fixture's README):
 *
 *   node -r ./test/support/ts-register.js test/compat/generate-fixture.ts
 */
import type { DomainEvent } from '@acc/kernel';
import { ManualClock } from '@acc/kernel';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** The fixture's test master key (ACC_MASTER_KEY): base64 of the 32 ASCII bytes "compat-v1-fixture-master-key-32b". */
export const COMPAT_MASTER_KEY = Buffer.from('compat-v1-fixture-master-key-32b').toString('base64');
/** The injected clock starts here; every step moves it on, so all stored times are fixed. */
export const COMPAT_CLOCK_START = '2026-03-02T09:00:00.000Z';

const FIXTURE = join(__dirname, '..', 'fixtures', 'compat-v1');
const clock = new ManualClock(COMPAT_CLOCK_START);
const epoch = () => Math.floor(clock.now().getTime() / 1000);
let running: RunningApp;
let call: ReturnType<typeof client>;

/** A call that must succeed; each call moves the clock on by one second. */
async function ok(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Record<string, any>> {
  const answer = await call(method, path, body, headers);
  clock.advance(1000);
  if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
/** Past the resend interval of codes to one address (CRED-5). */
const afterResendInterval = () => clock.advance(61_000);
const codeTo = (address: string) => lastCodeSentTo(running.system, address);
/** A TOTP code of a fresh 30-second step (a code is accepted once). */
async function totp(secret: string): Promise<string> {
  clock.advance(31_000);
  return generate({ secret, epoch: epoch() });
}
async function sendCode(channel: 'sms' | 'email', address: string, purpose: string, accountId?: string) {
  afterResendInterval();
  await ok('POST', '/v1/verification-codes', { channel, address, purpose, ...(accountId ? { accountId } : {}) });
}
async function contactCode(uin: string, channel: 'sms' | 'email', address: string): Promise<string> {
  afterResendInterval();
  await ok('POST', `/v1/accounts/${uin}/contact-codes`, { channel, address });
  return codeTo(address);
}

type Idv = { method: 'sms' | 'email'; address: string } | { method: 'mfa'; secret: string } | { method: 'wechat_scan'; subject: string };
/** SEC-1: an identity verification by the given method, answered; returns the verification token. */
async function verify(uin: string, how: Idv): Promise<string> {
  const base = `/v1/accounts/${uin}/identity-verifications`;
  if (how.method === 'mfa') return (await ok('POST', `${base}/confirm`, { method: 'mfa', code: await totp(how.secret) })).verificationToken;
  if (how.method === 'wechat_scan') {
    const { challengeId } = await ok('POST', base, { method: 'wechat_scan' });
    await ok('POST', `/v1/accounts/${uin}/wechat-scans/confirm`, { challengeId, assertion: await providerAssertion('wechat', how.subject) });
    return (await ok('POST', `${base}/confirm`, { method: 'wechat_scan', challengeId })).verificationToken;
  }
  afterResendInterval();
  await ok('POST', base, { method: how.method });
  return (await ok('POST', `${base}/confirm`, { method: how.method, code: await codeTo(how.address) })).verificationToken;
}

/** The link token the notifier would send, read from the account's (decrypted) events. */
async function lastDeliveryToken(uin: string, type: 'ContactChangeRequested' | 'PasswordResetRequested'): Promise<string> {
  for (const recorded of (await running.system.store.readStream(`account-${uin}`)).reverse()) {
    if (recorded.type !== type) continue;
    return (await running.system.codec.decode<DomainEvent<string, { delivery: { token: string } }>>(recorded)).data.delivery.token;
  }
  throw new Error(`no ${type} for ${uin}`);
}

async function registerByEmail(email: string, extra: Record<string, unknown> = {}): Promise<string> {
  await sendCode('email', email, 'register');
  return (await ok('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await codeTo(email), ...extra })).uin;
}
async function registerByProvider(provider: 'wechat' | 'qq' | 'wecom' | 'official_account', subject: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const permissions = provider === 'official_account' ? { permissions: ['account_service'] } : {};
  const assertion = await providerAssertion(provider, subject, permissions);
  return (await ok('POST', '/v1/accounts/provider-registrations', { provider, assertion, ...extra }, headers)).uin as string;
}
async function complete(uin: string, phone: string, industry: string, extra: Record<string, unknown> = {}) {
  await sendCode('sms', phone, 'complete_registration', uin);
  await ok('POST', `/v1/accounts/${uin}/registration-completion`, { phone, phoneCode: await codeTo(phone), industry, ...extra });
}
async function bindEmail(uin: string, email: string, token: string, extra: Record<string, unknown> = {}, replace = false) {
  await sendCode('email', email, 'bind', uin);
  const body = { email, password: STRONG_PASSWORD, emailCode: await codeTo(email), verificationToken: token, ...extra };
  await ok(replace ? 'PUT' : 'POST', `/v1/accounts/${uin}/login-methods/email`, body);
}
async function bindProvider(uin: string, provider: 'wechat' | 'qq' | 'wecom', subject: string, token: string, replace = false) {
  const assertion = await providerAssertion(provider, subject, provider === 'wecom' ? { wecomAdmin: true } : {});
  await ok(replace ? 'PUT' : 'POST', `/v1/accounts/${uin}/login-methods${replace ? `/${provider}` : ''}`, { provider, assertion, verificationToken: token });
}
const protect = (uin: string, kind: string, body: Record<string, unknown>) => ok('PUT', `/v1/accounts/${uin}/protection/${kind}`, body);
const passwordLogin = (email: string, password: string, deviceId?: string) => call('POST', '/v1/logins/password', { email, password, ...(deviceId ? { deviceId } : {}) });

/** The history: 7 accounts, one per registration method and more, each with its own changes. */
async function history(): Promise<string[]> {
  // A1 — email registration; nickname/industry; WeChat + QQ bound; virtual MFA for login and
  // operations; remote-login protection; two password changes; MFA login on a trusted device;
  // operation verification; session policy; log out all; a contact phone by link; QQ unbound.
  const alice = 'alice@example.com';
  const a1 = await registerByEmail(alice, { industry: 'gaming' });
  await ok('PUT', `/v1/accounts/${a1}/nickname`, { nickname: 'Alice' }, { 'x-end-user': 'console-user-1' });
  await ok('PUT', `/v1/accounts/${a1}/industry`, { industry: 'finance' });
  let t = await verify(a1, { method: 'email', address: alice });
  await bindProvider(a1, 'wechat', 'wx-alice', t);
  await bindProvider(a1, 'qq', 'qq-alice', t);
  const { secret } = await ok('POST', `/v1/accounts/${a1}/mfa/virtual`, { verificationToken: t });
  await ok('POST', `/v1/accounts/${a1}/mfa/virtual/confirm`, { code: await totp(secret), loginProtection: true, operationProtection: true });
  t = await verify(a1, { method: 'mfa', secret });
  await protect(a1, 'remote-login', { method: 'mfa', enabled: true, verificationToken: t });
  await ok('PUT', `/v1/accounts/${a1}/password`, { oldPassword: STRONG_PASSWORD, newPassword: 'Second#Pass2' });
  await ok('PUT', `/v1/accounts/${a1}/password`, { oldPassword: 'Second#Pass2', newPassword: 'Third#Pass3' });
  const challenge = (await passwordLogin(alice, 'Third#Pass3', 'browser-a1')).body;
  if (challenge.status !== 'challenge') throw new Error(`expected an MFA challenge: ${JSON.stringify(challenge)}`);
  await ok('POST', `/v1/logins/${challenge.challengeId}/answer`, { code: await totp(secret), trustDevice: true });
  await ok('POST', `/v1/accounts/${a1}/operation-verifications/confirm`, { code: await totp(secret) });
  t = await verify(a1, { method: 'mfa', secret });
  await ok('PUT', `/v1/accounts/${a1}/session-policy`, { idleMinutes: 30, maxHours: 8, verificationToken: t });
  await ok('POST', `/v1/accounts/${a1}/sessions/logout-all`, { verificationToken: t });
  if ((await passwordLogin(alice, 'Third#Pass3', 'browser-a1')).body.status !== 'authenticated') throw new Error('trusted device login');
  await ok('POST', `/v1/accounts/${a1}/contact-phone`, { address: '13700001111' });
  await ok('POST', '/v1/contact-confirmations', { token: await lastDeliveryToken(a1, 'ContactChangeRequested') });
  // Past 25 events: the account is snapshotted, with a few events after the snapshot.
  t = await verify(a1, { method: 'mfa', secret });
  await ok('POST', `/v1/accounts/${a1}/login-methods/qq/unbind`, { verificationToken: t });
  await ok('PUT', `/v1/accounts/${a1}/nickname`, { nickname: 'Alice Liddell' });
  await ok('PUT', `/v1/accounts/${a1}/industry`, { industry: 'e_commerce' });
  await ok('PUT', `/v1/accounts/${a1}/nickname`, { nickname: 'Alice L.' });

  // A2 — WeChat registration (with an end user as actor), completed with a contact email; login
  // email (also security email) and QQ bound; QQ replaced; SMS login protection; the registration
  // method (WeChat) unbound; QQ unbound; security phone and security email changed.
  const a2 = await registerByProvider('wechat', 'wx-bob', { nickname: 'Bob' }, { 'x-end-user': 'console-user-7', 'x-correlation-id': 'corr-a2' });
  await complete(a2, '+8613800001002', 'education', { contactEmail: 'bob.contact@example.com' });
  t = await verify(a2, { method: 'sms', address: '+8613800001002' });
  await bindEmail(a2, 'bob@example.com', t, { syncSecurityEmail: true });
  await bindProvider(a2, 'qq', 'qq-bob-1', t);
  await bindProvider(a2, 'qq', 'qq-bob-2', t, true);
  await protect(a2, 'login', { method: 'sms', verificationToken: t });
  await ok('POST', `/v1/accounts/${a2}/registration-method/unbind`, { verificationToken: t });
  await ok('POST', `/v1/accounts/${a2}/login-methods/qq/unbind`, { verificationToken: t });
  t = await verify(a2, { method: 'sms', address: '+8613800001002' });
  const newPhone = '+8613900002002';
  await ok('PUT', `/v1/accounts/${a2}/security-phone`, { phone: newPhone, code: await contactCode(a2, 'sms', newPhone), verificationToken: t });
  const bobSec = 'bob.sec@example.com';
  await ok('PUT', `/v1/accounts/${a2}/security-email`, { email: bobSec, code: await contactCode(a2, 'email', bobSec), verificationToken: t });

  // A3 — QQ registration, completed; nickname; WeChat bound, then replaced after a WeChat-scan
  // verification; WeCom (admin) bound and unbound; SMS operation protection; a QQ login.
  const a3 = await registerByProvider('qq', 'qq-carol');
  await complete(a3, '+8613800001003', 'internet');
  await ok('PUT', `/v1/accounts/${a3}/nickname`, { nickname: 'Carol' });
  t = await verify(a3, { method: 'sms', address: '+8613800001003' });
  await bindProvider(a3, 'wechat', 'wx-carol-1', t);
  t = await verify(a3, { method: 'wechat_scan', subject: 'wx-carol-1' });
  await bindProvider(a3, 'wechat', 'wx-carol-2', t, true);
  await bindProvider(a3, 'wecom', 'wecom-carol', t);
  await protect(a3, 'operation', { method: 'sms', verificationToken: t });
  await ok('POST', `/v1/accounts/${a3}/login-methods/wecom/unbind`, { verificationToken: t });
  await ok('POST', '/v1/logins/provider', { provider: 'qq', assertion: await providerAssertion('qq', 'qq-carol') });

  // A4 — WeCom registration with nickname and industry, completed; industry changed; SMS
  // remote-login protection.
  const a4 = await registerByProvider('wecom', 'wecom-dave', { nickname: 'Dave', industry: 'manufacturing' });
  await complete(a4, '+8613800001004', 'manufacturing');
  await ok('PUT', `/v1/accounts/${a4}/industry`, { industry: 'logistics' });
  t = await verify(a4, { method: 'sms', address: '+8613800001004' });
  await protect(a4, 'remote-login', { method: 'sms', enabled: true, verificationToken: t });

  // A5 — Official Account registration, completed; login email bound (also contact email), then
  // replaced; password changed; session policy after an email verification.
  const a5 = await registerByProvider('official_account', 'gh_erin');
  await complete(a5, '+8613800001005', 'media');
  t = await verify(a5, { method: 'sms', address: '+8613800001005' });
  await bindEmail(a5, 'erin@example.com', t, { syncContactEmail: true });
  await bindEmail(a5, 'erin.new@example.com', t, {}, true);
  await ok('PUT', `/v1/accounts/${a5}/password`, { oldPassword: STRONG_PASSWORD, newPassword: 'Erin#Pass55' });
  t = await verify(a5, { method: 'sms', address: '+8613800001005' });
  await ok('PUT', `/v1/accounts/${a5}/session-policy`, { idleMinutes: 60, maxHours: 24, verificationToken: t });

  // A6 — WeChat registration never completed (pending_completion).
  const a6 = await registerByProvider('wechat', 'wx-frank', { nickname: 'Frank', industry: 'gaming' });

  // A7 — email registration; contact email by link (also security email); two wrong passwords and
  // a password login; password reset; WeChat bound that A1 has too; log out all; a last login.
  const grace = 'grace@example.com';
  const a7 = await registerByEmail(grace, { nickname: 'Grace', industry: 'retail' });
  await ok('POST', `/v1/accounts/${a7}/contact-email`, { address: 'grace.billing@example.com', syncSecurityEmail: true });
  await ok('POST', '/v1/contact-confirmations', { token: await lastDeliveryToken(a7, 'ContactChangeRequested') });
  for (let i = 0; i < 2; i++) if ((await passwordLogin(grace, 'Wr0ng!Pass')).status !== 401) throw new Error('wrong password accepted');
  if ((await passwordLogin(grace, STRONG_PASSWORD, 'laptop-a7')).body.status !== 'authenticated') throw new Error('login A7');
  await ok('POST', '/v1/password-resets', { email: grace });
  const resetToken = await lastDeliveryToken(a7, 'PasswordResetRequested');
  t = await verify(a7, { method: 'email', address: 'grace.billing@example.com' });
  await ok('POST', '/v1/password-resets/confirm', { resetToken, newPassword: 'Grace#Reset7', verificationToken: t });
  await bindProvider(a7, 'wechat', 'wx-alice', t);
  await ok('POST', `/v1/accounts/${a7}/sessions/logout-all`, { verificationToken: t });
  if ((await passwordLogin(grace, 'Grace#Reset7', 'laptop-a7')).body.status !== 'authenticated') throw new Error('login A7 after reset');
  return [a1, a2, a3, a4, a5, a6, a7];
}

/**
 * What this code answers for one account: command-side views and read models (their `data`;
 * read models are read at the head position of the fixed log). `{id}` is the account id.
 */
export const VIEWS: Record<string, string> = {
  profile: '/v1/accounts/{id}',
  loginMethods: '/v1/accounts/{id}/login-methods',
  security: '/v1/accounts/{id}/security',
  sessions: '/v1/accounts/{id}/sessions',
  readProfile: '/v1/read/accounts/{id}',
  readLoginMethods: '/v1/read/accounts/{id}/login-methods',
  readSecurity: '/v1/read/accounts/{id}/security',
  readAuditLog: '/v1/read/accounts/{id}/audit-log?limit=200&order=asc',
};

async function main() {
  const data = tempDataDir('acc-compat-gen-');
  running = await startApp(data.dir, { config: { masterKey: COMPAT_MASTER_KEY }, system: { clock, geo: { cityOf: () => 'Hangzhou, ZJ, CN' } } });
  call = client(running.url);
  const accounts = await history();
  const head = (await running.system.store.readAll()).at(-1)!.position;
  const readAt = clock.now().toISOString();
  const expected: Record<string, Record<string, unknown>> = {};
  for (const uin of accounts) {
    expected[uin] = {};
    for (const [name, template] of Object.entries(VIEWS)) {
      const url = template.replace('{id}', uin);
      const answer = await call('GET', name.startsWith('read') ? `${url}${url.includes('?') ? '&' : '?'}waitForPosition=${head}` : url);
      if (answer.status !== 200) throw new Error(`GET ${url} → ${answer.status} ${JSON.stringify(answer.body)}`);
      expected[uin][name] = name.startsWith('read') ? answer.body.data : answer.body;
    }
  }
  await running.close();

  const stored = readdirSync(data.dir);
  if (stored.some((f) => f.endsWith('-wal') || f.endsWith('-shm') || f === 'master.key')) throw new Error(`unclean data folder: ${stored.join(', ')}`);
  // Replaces the data folder and expected.json only (the README and .gitignore stay).
  if (existsSync(join(FIXTURE, 'data'))) rmSync(join(FIXTURE, 'data'), { recursive: true });
  mkdirSync(FIXTURE, { recursive: true });
  cpSync(data.dir, join(FIXTURE, 'data'), { recursive: true });
  data.remove();
  const excluded = {
    'read models: envelope position': 'where the read model stands in the log, not what it read; only checked to reach headPosition',
  };
  const meta = { clockStart: COMPAT_CLOCK_START, readAt, headPosition: head, accounts: accounts.length, views: VIEWS, excluded };
  writeFileSync(join(FIXTURE, 'expected.json'), `${JSON.stringify({ meta, accounts: expected }, null, 2)}\n`);
  console.log(`compat fixture: ${accounts.length} accounts, head position ${head}, data files ${stored.join(', ')}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
