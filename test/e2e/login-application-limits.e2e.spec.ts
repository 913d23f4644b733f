import type { LoginApplicationLimitPolicy } from '@acc/accounts-application';
import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * REC-3 abuse limits through HTTP: counted before any lookup and in one synchronous step, so
 * parallel requests pass a limit exactly; refusals are 429 with Retry-After and name the limit.
 */
describe('login-application rate limits hold exactly under parallel requests', () => {
  const data = tempDataDir('acc-login-application-limits-e2e-');
  const OFF: LoginApplicationLimitPolicy = { perSourceIp: 0, perTeam: 0, perAccount: 0, stepsPerSourceIp: 0 };
  let running: RunningApp | undefined;

  async function app(limits: Partial<LoginApplicationLimitPolicy>) {
    await running?.close();
    running = await startApp(data.dir, { config: { loginApplicationLimits: { ...OFF, ...limits } } });
    return client(running.url);
  }
  const body = (accountId: string) => ({ accountId, name: '王小明', idNumber: '110105194912310021', reason: 'lost my phone', contactPhone: '+8613800160001' });

  afterAll(async () => {
    await running?.close();
    data.remove();
  });

  function expectExactly(answers: Array<{ status: number; body: any; headers: Headers }>, accepted: number, status: number, limit: string) {
    expect(answers.filter((a) => a.status === status)).toHaveLength(accepted);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(answers.length - accepted);
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 'LOGIN_APPLICATION_RATE_LIMITED', details: { limit } });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }

  it('per account asked for: 12 parallel starts with a limit of 4 → exactly 4 accepted, alike for an account that does not exist', async () => {
    const call = await app({ perAccount: 4 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => call('POST', '/v1/login-applications', body('100099990001'))));
    expectExactly(answers, 4, 202, 'per_account');
    // Another account is not limited by the first one's count.
    expect((await call('POST', '/v1/login-applications', body('100099990002'))).status).toBe(202);
  });

  it('per source IP: 12 parallel starts over many accounts with a limit of 4 → exactly 4', async () => {
    const call = await app({ perSourceIp: 4 });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call('POST', '/v1/login-applications', body(`1000999910${String(i).padStart(2, '0')}`))));
    expectExactly(answers, 4, 202, 'per_source_ip');
  });

  it('per calling team: 12 parallel starts with a limit of 4 → exactly 4', async () => {
    const call = await app({ perTeam: 4 });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call('POST', '/v1/login-applications', body(`1000999920${String(i).padStart(2, '0')}`))));
    expectExactly(answers, 4, 202, 'per_team');
  });

  it('steps per source IP: 12 parallel code requests with a limit of 4 → exactly 4 reach the application, and starts are not used up', async () => {
    const call = await app({ stepsPerSourceIp: 4, perSourceIp: 1 });
    const started = await call('POST', '/v1/login-applications', body('100099993001'));
    expect(started.status).toBe(202);
    const id = started.body.applicationId as string;
    const answers = await Promise.all(Array.from({ length: 12 }, () => call('POST', `/v1/login-applications/${id}/contact-phone-code`)));
    expectExactly(answers, 4, 202, 'per_source_ip');
  });
});
