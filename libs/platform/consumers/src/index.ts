export * from './backoff';
export * from './checkpoint';
export * from './checkpointed-consumer';
export * from './logger';
export * from './lease';
export * from './sqlite-lease-records';
