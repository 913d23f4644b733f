export * from './business-days';
export * from './commands';
export { checkOpenReviewCase } from './decide';
export * from './decider';
export * from './events';
export * from './evolve';
export * from './model';
export * from './schemas';
