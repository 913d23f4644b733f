import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { SCOPES } from './http/scopes';

describe('command app configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-command-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const production = { NODE_ENV: 'production', ACC_DATA_DIR: dir, ACC_API_KEYS: 'team-a:key-a', ACC_GATEWAY_SECRET: 'gateway-secret-0123456789abcdefghij', ACC_REALNAME_GATEWAY_SECRET: 'real-name-secret-0123456789abcdefghij', ACC_FACE_GATEWAY_SECRET: 'face-secret-0123456789abcdefghijklmn' };

  it('with NODE_ENV=production refuses to start without ACC_MASTER_KEY, even beside a key file', () => {
    writeFileSync(join(dir, 'master.key'), 'x');
    expect(() => loadConfig(production)).toThrow(/ACC_MASTER_KEY must be set when NODE_ENV=production/);
    expect(loadConfig({ ...production, ACC_MASTER_KEY: 'a2V5' }).masterKey).toBe('a2V5');
  });

  it('with NODE_ENV=production needs the API keys and the gateway secrets too', () => {
    expect(() => loadConfig({ ...production, ACC_MASTER_KEY: 'a2V5', ACC_API_KEYS: undefined })).toThrow(/ACC_API_KEYS must be set/);
    expect(() => loadConfig({ ...production, ACC_MASTER_KEY: 'a2V5', ACC_GATEWAY_SECRET: '' })).toThrow(/ACC_GATEWAY_SECRET must be set/);
    expect(() => loadConfig({ ...production, ACC_MASTER_KEY: 'a2V5', ACC_REALNAME_GATEWAY_SECRET: '' })).toThrow(/ACC_REALNAME_GATEWAY_SECRET must be set/);
    expect(() => loadConfig({ ...production, ACC_MASTER_KEY: 'a2V5', ACC_FACE_GATEWAY_SECRET: '' })).toThrow(/ACC_FACE_GATEWAY_SECRET must be set/);
  });

  it('the embedded default: a local key, a key file created in the data folder, the bridge in this process', () => {
    const config = loadConfig({ ACC_DATA_DIR: join(dir, 'fresh') });
    expect(config).toMatchObject({ masterKey: undefined, apiKeysConfigured: false, trustProxy: false, production: false, bridge: { mode: 'in-process', kafka: undefined } });
    expect([...config.apiKeys.keys()]).toEqual(['local-dev-key']);
    expect(config.apiKeys.get('local-dev-key')).toEqual({ team: 'local', scopes: new Set(SCOPES) });
  });

  it('reads every setting with the one parser and names the variable it refuses', () => {
    const config = loadConfig({ ACC_API_KEYS: 'a:k1, b:k2', ACC_TRUST_PROXY: 'true', ACC_BRIDGE: 'external', PORT: '8080', ACC_FEATURE_HARDWARE_MFA: '1' });
    expect([...config.apiKeys].map(([key, grant]) => [key, grant.team])).toEqual([
      ['k1', 'a'],
      ['k2', 'b'],
    ]);
    expect(config).toMatchObject({ apiKeysConfigured: true, trustProxy: true, port: 8080, bridge: { mode: 'external' }, hardwareMfa: { enabled: true } });
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be a non-negative integer \(at most 65535\)/);
    expect(() => loadConfig({ ACC_TRUST_PROXY: 'sometimes' })).toThrow(/ACC_TRUST_PROXY must be true or false/);
    expect(() => loadConfig({ ACC_BRIDGE: 'elsewhere' })).toThrow(/ACC_BRIDGE must be/);
    expect(() => loadConfig({ ACC_API_KEYS: 'no-colon' })).toThrow(/ACC_API_KEYS must look like/);
    expect(() => loadConfig({ ACC_CODE_TTL_SECONDS: '0' })).toThrow(/ACC_CODE_TTL_SECONDS must be a positive integer/);
  });
});
