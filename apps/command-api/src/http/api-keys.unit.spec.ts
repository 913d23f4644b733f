import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envReader } from '@acc/config';
import { apiKeys, apiKeysConfigured } from './api-keys';
import { SCOPES } from './scopes';

const parse = (env: Record<string, string | undefined>) => apiKeys(envReader(env));
const scopesOf = (env: Record<string, string | undefined>, key: string) => [...(parse(env).get(key)?.scopes ?? [])].sort();

describe('API keys and their scopes (ACC_API_KEYS, ACC_API_KEYS_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-api-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('team:key:scope+scope grants exactly those scopes; scope names keep their colons', () => {
    const keys = parse({ ACC_API_KEYS: 'billing:k1:accounts:read+audit:read, gw:k2:gateway' });
    expect(keys.get('k1')).toEqual({ team: 'billing', scopes: new Set(['accounts:read', 'audit:read']) });
    expect(keys.get('k2')).toEqual({ team: 'gw', scopes: new Set(['gateway']) });
  });

  it('the old team:key form and * grant every scope', () => {
    const all = [...SCOPES].sort();
    expect(scopesOf({ ACC_API_KEYS: 'platform:k1' }, 'k1')).toEqual(all);
    expect(scopesOf({ ACC_API_KEYS: 'ops:k2:*' }, 'k2')).toEqual(all);
  });

  it('unset: only the local development key, with every scope; in production it must be set', () => {
    expect([...parse({}).entries()]).toEqual([['local-dev-key', { team: 'local', scopes: new Set(SCOPES) }]]);
    expect(apiKeysConfigured(envReader({}))).toBe(false);
    expect(() => parse({ NODE_ENV: 'production' })).toThrow(/ACC_API_KEYS must be set/);
  });

  it('refuses unknown scopes, empty parts and a key given twice, naming the variable', () => {
    expect(() => parse({ ACC_API_KEYS: 'a:k1:accounts:delete' })).toThrow(/ACC_API_KEYS: unknown scope "accounts:delete"/);
    expect(() => parse({ ACC_API_KEYS: 'a:k1:accounts:read+' })).toThrow(/ACC_API_KEYS must look like/);
    expect(() => parse({ ACC_API_KEYS: 'a:k1:' })).toThrow(/ACC_API_KEYS must look like/);
    expect(() => parse({ ACC_API_KEYS: 'no-colon' })).toThrow(/ACC_API_KEYS must look like/);
    expect(() => parse({ ACC_API_KEYS: ':k1' })).toThrow(/ACC_API_KEYS must look like/);
    expect(() => parse({ ACC_API_KEYS: 'a:k1,b:k1' })).toThrow(/a key is given twice/);
  });

  it('ACC_API_KEYS_FILE: a JSON array of {team, key, scopes}, beside or instead of the variable', () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify([{ team: 'billing', key: 'fk', scopes: ['accounts:read'] }]));
    const env = { ACC_API_KEYS_FILE: file, ACC_API_KEYS: 'ops:k2:admin', NODE_ENV: 'production' };
    expect(scopesOf(env, 'fk')).toEqual(['accounts:read']);
    expect(scopesOf(env, 'k2')).toEqual(['admin']);
    expect(parse({ ACC_API_KEYS_FILE: file, NODE_ENV: 'production' }).size).toBe(1);
    expect(apiKeysConfigured(envReader({ ACC_API_KEYS_FILE: file }))).toBe(true);
    writeFileSync(file, JSON.stringify([{ team: 'billing', key: 'fk', scopes: ['nope'] }]));
    expect(() => parse({ ACC_API_KEYS_FILE: file })).toThrow(/ACC_API_KEYS_FILE entry 0: unknown scope "nope"/);
    writeFileSync(file, JSON.stringify({ team: 'billing' }));
    expect(() => parse({ ACC_API_KEYS_FILE: file })).toThrow(/must hold a JSON array/);
  });
});
