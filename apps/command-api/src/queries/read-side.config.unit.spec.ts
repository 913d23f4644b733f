import { readModelsConfig } from './read-side.config';

describe('read-side configuration of the command app', () => {
  it('defaults to in-memory read models projected in this process', () => {
    expect(readModelsConfig({})).toEqual({ mongodbUrl: undefined, database: undefined, projector: 'in-process', bulkChunkSize: undefined });
  });

  it('reads MongoDB settings and the projector mode', () => {
    expect(readModelsConfig({ MONGODB_URL: 'mongodb://h:1/', ACC_MONGODB_DB: 'reads', ACC_PROJECTOR: 'external', ACC_MONGODB_BULK_CHUNK: '1000' })).toEqual({
      mongodbUrl: 'mongodb://h:1/',
      database: 'reads',
      projector: 'external',
      bulkChunkSize: 1000,
    });
  });

  it('refuses what cannot work', () => {
    expect(() => readModelsConfig({ ACC_PROJECTOR: 'sometimes' })).toThrow(/ACC_PROJECTOR/);
    expect(() => readModelsConfig({ ACC_PROJECTOR: 'external' })).toThrow(/needs MONGODB_URL/);
    expect(() => readModelsConfig({ MONGODB_URL: 'mongodb://h/', ACC_MONGODB_BULK_CHUNK: '0' })).toThrow(/positive integer/);
  });
});
