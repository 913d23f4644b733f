export * from './account-messages';
export * from './closure-messages';
export * from './deregistration-messages';
export * from './integration-events';
export * from './message';
export * from './notifications';
export * from './recovery-messages';
