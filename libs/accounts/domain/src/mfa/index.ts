export * from './commands';
export * from './events';
export { decideMfa, mfaSlice } from './slice';
export * from './state';
