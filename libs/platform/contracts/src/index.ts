export * from './erased';
export * from './message-table';
export * from './security-messages';
