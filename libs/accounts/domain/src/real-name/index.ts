export * from './commands';
export * from './events';
export { checkRealNameVerification, nextSubjectChangeAt, type RealNameCheck } from './guard';
export * from './mask';
export * from './model';
export { realNameSlice } from './slice';
