export * from './commands';
export * from './decider';
export * from './events';
export * from './schemas';
export * from './state';
