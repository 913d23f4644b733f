import { AssertionVerifier } from './assertion-verifier';

const SECRET = 'unit-gateway-secret-0123456789abcdef';

describe('AssertionVerifier: the authorisation status claim (LM-6)', () => {
  const verifier = new AssertionVerifier(SECRET);

  it('reads a revoked grant', async () => {
    const token = await AssertionVerifier.sign(SECRET, { provider: 'official_account', subject: 'gh_1', authorisation: 'revoked' });
    expect(await verifier.verify(token, 'official_account')).toMatchObject({ subject: 'gh_1', authorisation: 'revoked' });
  });

  it('takes an assertion without the claim, or with any other value, as a grant in force', async () => {
    const plain = await AssertionVerifier.sign(SECRET, { provider: 'official_account', subject: 'gh_1', permissions: ['account_service'] });
    expect(await verifier.verify(plain, 'official_account')).toMatchObject({ authorisation: 'granted', permissions: ['account_service'] });
    const odd = await AssertionVerifier.sign(SECRET, { provider: 'official_account', subject: 'gh_1', authorisation: 'maybe' as 'granted' });
    expect((await verifier.verify(odd, 'official_account')).authorisation).toBe('granted');
  });
});
