export * from './commands';
export * from './decide-request';
export * from './decider';
export * from './events';
export * from './evolve';
export * from './model';
export * from './schemas';
