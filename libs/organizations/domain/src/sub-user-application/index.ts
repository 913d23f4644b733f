export * from './commands';
export * from './decider';
export * from './events';
export * from './model';
export * from './schemas';
