export * from './commands';
export * from './events';
export { credentialsSlice, decideCredentials } from './slice';
export * from './state';
