export * from './commands';
export * from './events';
export { identityVerificationSlice } from './slice';
