import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeConfig } from './bridge';
import { ConfigError, envReader } from './env-reader';
import { storageConfig } from './storage';

describe('the configuration parser', () => {
  it('reads integers within their bounds, naming the variable when it refuses one', () => {
    const env = envReader({ A: '42', B: '', C: '0', D: '-3', E: '1.5', F: 'ten', G: '70000' });
    expect(env.int('A', 7)).toBe(42);
    expect(env.int('B', 7)).toBe(7);
    expect(env.int('MISSING')).toBeUndefined();
    expect(env.int('C', 5)).toBe(0);
    expect(() => env.int('C', 5, { min: 1 })).toThrow(/^C must be a positive integer, not "0"$/);
    expect(() => env.int('D', 5)).toThrow(/D must be a non-negative integer/);
    expect(() => env.int('E', 5)).toThrow(ConfigError);
    expect(() => env.int('F', 5)).toThrow(/F must be/);
    expect(() => env.int('G', 80, { max: 65535 })).toThrow(/G must be a non-negative integer \(at most 65535\)/);
    expect(() => env.int('A', { min: 50 })).toThrow(/at least 50/);
  });

  it('reads booleans strictly', () => {
    const env = envReader({ T: 'true', O: '1', Y: 'YES', F: 'false', Z: '0', X: 'maybe' });
    expect([env.bool('T', false), env.bool('O', false), env.bool('Y', false)]).toEqual([true, true, true]);
    expect([env.bool('F', true), env.bool('Z', true), env.bool('MISSING', true)]).toEqual([false, false, true]);
    expect(() => env.bool('X', false)).toThrow(/^X must be true or false/);
  });

  it('reads lists, choices, strings, JSON and JSON files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acc-config-'));
    try {
      writeFileSync(join(dir, 'ok.json'), '{"a":1}');
      writeFileSync(join(dir, 'bad.json'), '{');
      const env = envReader({ L: ' a, b ,,c ', M: 'x', S: '', P: '', J: '[1]', BAD: '{', OK: join(dir, 'ok.json'), BF: join(dir, 'bad.json'), NF: join(dir, 'none.json') });
      expect(env.list('L')).toEqual(['a', 'b', 'c']);
      expect(env.list('MISSING')).toEqual([]);
      expect(env.oneOf('M', ['x', 'y'], 'y')).toBe('x');
      expect(env.oneOf('MISSING', ['x', 'y'], 'y')).toBe('y');
      expect(() => envReader({ M: 'z' }).oneOf('M', ['x', 'y'], 'y')).toThrow(/M must be "x" or "y", not "z"/);
      expect(env.string('S')).toBeUndefined();
      expect(env.string('S', 'fallback')).toBe('fallback');
      expect(env.raw('P')).toBe('');
      expect(env.json('J')).toEqual([1]);
      expect(() => env.json('BAD')).toThrow(/BAD must be valid JSON/);
      expect(env.jsonFile('OK')).toEqual({ a: 1 });
      expect(() => env.jsonFile('BF')).toThrow(/BF must be valid JSON/);
      expect(() => env.jsonFile('NF')).toThrow(/NF: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('secrets fall back to local values only outside production', () => {
    expect(envReader({}).secret('S', 'local')).toBe('local');
    expect(() => envReader({ NODE_ENV: 'production' }).secret('S', 'local')).toThrow(/S must be set when NODE_ENV=production/);
    expect(envReader({ NODE_ENV: 'production', S: 'real' }).secret('S', 'local')).toBe('real');
  });
});

describe('storage and the master-key rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-storage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with NODE_ENV=production no process starts without ACC_MASTER_KEY, key file or not', () => {
    writeFileSync(join(dir, 'master.key'), 'x');
    for (const createsMasterKey of [true, false]) {
      expect(() => storageConfig(envReader({ NODE_ENV: 'production', ACC_DATA_DIR: dir }), { createsMasterKey })).toThrow(/ACC_MASTER_KEY must be set when NODE_ENV=production/);
      expect(storageConfig(envReader({ NODE_ENV: 'production', ACC_DATA_DIR: dir, ACC_MASTER_KEY: 'a2V5' }), { createsMasterKey }).masterKey).toBe('a2V5');
    }
  });

  it('a reading process never creates a key: it needs ACC_MASTER_KEY or the key file', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(() => storageConfig(envReader({ ACC_DATA_DIR: empty }), { createsMasterKey: false })).toThrow(/no master key/);
    expect(storageConfig(envReader({ ACC_DATA_DIR: empty }), { createsMasterKey: true })).toEqual({ dataDir: empty, eventStoreUrl: undefined, masterKey: undefined });
    expect(storageConfig(envReader({ ACC_DATA_DIR: dir, EVENTSTORE_URL: 'esdb://h:2113' }), { createsMasterKey: false }).eventStoreUrl).toBe('esdb://h:2113');
  });
});

describe('bridge settings', () => {
  it('Kafka only when brokers are given; the NDJSON file otherwise', () => {
    expect(bridgeConfig(envReader({}))).toEqual({ kafka: undefined, source: undefined, batchSize: undefined, leaseTtlMs: 15_000 });
    expect(bridgeConfig(envReader({ KAFKA_BROKERS: 'a:9092, b:9092', ACC_KAFKA_TOPIC_PREFIX: '', ACC_KAFKA_CREATE_TOPICS: '0', ACC_KAFKA_PARTITIONS: '3', ACC_BRIDGE_BATCH_SIZE: '50' }))).toEqual({
      kafka: { brokers: ['a:9092', 'b:9092'], clientId: undefined, topicPrefix: '', createTopics: false, partitions: 3, replicationFactor: undefined },
      source: undefined,
      batchSize: 50,
      leaseTtlMs: 15_000,
    });
    expect(bridgeConfig(envReader({ KAFKA_BROKERS: 'a:9092' })).kafka).toMatchObject({ topicPrefix: undefined, createTopics: true });
    expect(() => bridgeConfig(envReader({ ACC_BRIDGE_BATCH_SIZE: '0' }))).toThrow(/ACC_BRIDGE_BATCH_SIZE must be a positive integer/);
  });
});
