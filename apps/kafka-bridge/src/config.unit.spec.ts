import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBridgeAppConfig } from './config';

describe('standalone bridge configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-bridge-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with NODE_ENV=production refuses to start without ACC_MASTER_KEY', () => {
    writeFileSync(join(dir, 'master.key'), 'x');
    expect(() => loadBridgeAppConfig({ NODE_ENV: 'production', ACC_DATA_DIR: dir })).toThrow(/ACC_MASTER_KEY must be set when NODE_ENV=production/);
    expect(loadBridgeAppConfig({ NODE_ENV: 'production', ACC_DATA_DIR: dir, ACC_MASTER_KEY: 'a2V5' }).masterKey).toBe('a2V5');
  });

  it('never creates a master key: without ACC_MASTER_KEY it needs the data folder of the command app', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(() => loadBridgeAppConfig({ ACC_DATA_DIR: empty })).toThrow(/no master key/);
    expect(loadBridgeAppConfig({ ACC_DATA_DIR: dir })).toMatchObject({ dataDir: dir, masterKey: undefined, bridge: { kafka: undefined } });
  });

  it('reads the Kafka settings with the shared parser', () => {
    const config = loadBridgeAppConfig({ ACC_DATA_DIR: dir, KAFKA_BROKERS: 'k1:9092,k2:9092', ACC_KAFKA_CREATE_TOPICS: 'false', ACC_BRIDGE_BATCH_SIZE: '64' });
    expect(config.bridge).toMatchObject({ kafka: { brokers: ['k1:9092', 'k2:9092'], createTopics: false }, batchSize: 64 });
    expect(() => loadBridgeAppConfig({ ACC_DATA_DIR: dir, ACC_KAFKA_PARTITIONS: 'three', KAFKA_BROKERS: 'k:1' })).toThrow(/ACC_KAFKA_PARTITIONS must be a positive integer/);
  });
});
