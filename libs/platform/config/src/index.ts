export * from './bridge';
export * from './env-reader';
export * from './storage';
