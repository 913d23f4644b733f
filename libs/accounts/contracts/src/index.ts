export * from './account-messages';
export * from './integration-events';
export * from './message';
export * from './notifications';
