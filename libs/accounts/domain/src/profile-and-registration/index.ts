export * from './commands';
export { checkRegistration, checkRegistrationCompletion, type RegistrationCheck } from './decide';
export * from './events';
export { profileAndRegistrationSlice } from './slice';
