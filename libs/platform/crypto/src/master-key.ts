import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The deployment's master key: from `ACC_MASTER_KEY` (base64, 32 bytes) when set;
 * otherwise, for the embedded default, a key file created once in the data folder.
 */
export function loadMasterKey(options: { env?: string; file: string }): Buffer {
  if (options.env) {
    const key = Buffer.from(options.env, 'base64');
    if (key.length !== 32) throw new Error('ACC_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (existsSync(options.file)) return Buffer.from(readFileSync(options.file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(options.file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(options.file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}
