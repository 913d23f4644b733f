import { readModelsConfig } from './read-side.config';

describe('read-side configuration of the command app', () => {
  it('defaults to SQLite read models projected in this process, nothing rebuilt', () => {
    expect(readModelsConfig({})).toEqual({ mongodbUrl: undefined, database: undefined, store: 'sqlite', projector: 'in-process', bulkChunkSize: undefined, batchSize: undefined });
  });

  it('reads MongoDB settings and the projector mode', () => {
    expect(readModelsConfig({ MONGODB_URL: 'mongodb://h:1/', ACC_MONGODB_DB: 'reads', ACC_PROJECTOR: 'external', ACC_MONGODB_BULK_CHUNK: '1000' })).toEqual({
      mongodbUrl: 'mongodb://h:1/',
      database: 'reads',
      store: 'sqlite',
      projector: 'external',
      bulkChunkSize: 1000,
      batchSize: undefined,
    });
  });

  it('keeps the in-memory store selectable and reads an explicit rebuild', () => {
    expect(readModelsConfig({ ACC_READ_STORE: 'memory' }).store).toBe('memory');
    expect(readModelsConfig({ ACC_READ_MODELS_REBUILD: 'account-profile, audit-log' }).rebuild).toEqual(['account-profile', 'audit-log']);
    expect(readModelsConfig({ ACC_READ_MODELS_REBUILD: 'audit-log,all' }).rebuild).toBe('all');
    expect(readModelsConfig({ ACC_PROJECTOR_BATCH_SIZE: '50' }).batchSize).toBe(50);
  });

  it('refuses what cannot work', () => {
    expect(() => readModelsConfig({ ACC_PROJECTOR: 'sometimes' })).toThrow(/ACC_PROJECTOR/);
    expect(() => readModelsConfig({ ACC_PROJECTOR: 'external' })).toThrow(/needs MONGODB_URL/);
    expect(() => readModelsConfig({ ACC_READ_STORE: 'disk' })).toThrow(/ACC_READ_STORE/);
    expect(() => readModelsConfig({ MONGODB_URL: 'mongodb://h/', ACC_MONGODB_BULK_CHUNK: '0' })).toThrow(/positive integer/);
  });
});
