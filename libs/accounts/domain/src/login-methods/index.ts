export * from './commands';
export { type BindingCheck, checkBinding, UNBIND_REGISTRATION_PRECONDITIONS } from './decide';
export * from './events';
export { loginMethodsSlice } from './slice';
export * from './state';
