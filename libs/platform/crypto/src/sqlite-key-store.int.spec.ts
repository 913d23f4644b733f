import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteKeyStore } from './sqlite-key-store';

const dir = mkdtempSync(join(tmpdir(), 'acc-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteKeyStore new keys', () => {
  it('writes a burst of new keys together: each stored once, one key per subject, the same after reopening', async () => {
    const path = join(dir, 'keys.db');
    const master = randomBytes(32);
    const store = new SqliteKeyStore(path, master);
    const subjects = Array.from({ length: 20 }, (_, i) => `account-${i}`);
    const keys = await Promise.all([...subjects, 'account-0', 'account-1'].map((s) => store.getOrCreate(s)));
    expect(keys[20].equals(keys[0])).toBe(true);
    expect(keys[21].equals(keys[1])).toBe(true);
    expect(new Set(keys.slice(0, 20).map((k) => k.toString('hex'))).size).toBe(20);
    await store.close();

    const reopened = new SqliteKeyStore(path, master);
    try {
      for (const [i, s] of subjects.entries()) expect((await reopened.find(s))?.equals(keys[i])).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
