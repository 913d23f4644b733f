export { authorisationStillRevoked, checkAuthorisation, REAUTHORISE_ACTION } from './authorisation';
export * from './commands';
export { type BindingCheck, checkBinding, SECOND_OFFICIAL_ACCOUNT_WORKAROUND, UNBIND_REGISTRATION_PRECONDITIONS } from './decide';
export * from './events';
export { loginMethodsSlice } from './slice';
export * from './state';
