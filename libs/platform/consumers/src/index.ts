export * from './backoff';
export * from './checkpoint';
export * from './checkpointed-consumer';
export * from './logger';
