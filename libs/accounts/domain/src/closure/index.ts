export * from './commands';
export { heldIdentities } from './decide';
export * from './events';
export { closureSlice } from './slice';
export * from './state';
