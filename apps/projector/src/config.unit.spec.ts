import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectorConfig } from './config';

describe('standalone projector configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-projector-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('needs MONGODB_URL, and says why', () => {
    expect(() => loadProjectorConfig({ ACC_DATA_DIR: dir }, [])).toThrow(/MONGODB_URL is not set.*in memory/);
  });

  it('refuses to start without the master key rather than decode everything as erased', () => {
    expect(() => loadProjectorConfig({ MONGODB_URL: 'mongodb://h/', ACC_DATA_DIR: dir }, [])).toThrow(/no master key/);
    expect(loadProjectorConfig({ MONGODB_URL: 'mongodb://h/', ACC_DATA_DIR: dir, ACC_MASTER_KEY: 'a2V5' }, []).masterKey).toBe('a2V5');
  });

  it('reads the data folder, batch size and rebuild requests', () => {
    writeFileSync(join(dir, 'master.key'), 'x');
    const env = { MONGODB_URL: 'mongodb://h/', ACC_DATA_DIR: dir, ACC_MONGODB_DB: 'reads', ACC_PROJECTOR_BATCH_SIZE: '200' };
    expect(loadProjectorConfig(env, ['--rebuild=account-profile,account-audit-log'])).toMatchObject({
      dataDir: dir,
      database: 'reads',
      batchSize: 200,
      rebuild: ['account-profile', 'account-audit-log'],
    });
    expect(loadProjectorConfig(env, ['--rebuild=all']).rebuild).toBe('all');
    expect(loadProjectorConfig({ ...env, ACC_PROJECTOR_BATCH_SIZE: undefined }, []).batchSize).toBe(500);
    expect(() => loadProjectorConfig({ ...env, ACC_PROJECTOR_BATCH_SIZE: '0' }, [])).toThrow(/positive integer/);
    expect(() => loadProjectorConfig(env, ['--frobnicate'])).toThrow(/unknown argument/);
  });
});

describe('standalone projector configuration in production', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-projector-production-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with NODE_ENV=production refuses to start without ACC_MASTER_KEY, even beside a key file', () => {
    writeFileSync(join(dir, 'master.key'), 'x');
    const env = { NODE_ENV: 'production', MONGODB_URL: 'mongodb://h/', ACC_DATA_DIR: dir };
    expect(() => loadProjectorConfig(env, [])).toThrow(/ACC_MASTER_KEY must be set when NODE_ENV=production/);
    expect(loadProjectorConfig({ ...env, ACC_MASTER_KEY: 'a2V5' }, []).masterKey).toBe('a2V5');
  });
});
