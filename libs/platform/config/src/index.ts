export * from './bridge';
export * from './env-reader';
export * from './storage';
export * from './kafka-security';
