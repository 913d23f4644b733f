export * from './clock';
export * from './decider';
export * from './envelope';
export * from './errors';
export * from './schema';
export * from './slice';
export * from './specification';
export * from './time';
