export * from './commands';
export * from './decide';
export * from './decider';
export * from './events';
export * from './evolve';
export * from './model';
export * from './schemas';
