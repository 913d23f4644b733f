export * from './commands';
export { checkSecurityEmailChange, checkSecurityPhoneChange, type SecurityPhoneChangeCheck } from './decide';
export * from './events';
export { contactsSlice, decideContacts } from './slice';
export * from './state';
