export * from './infrastructure';
export * from './messages';
export * from './projections';
export * from './schemas';
export * from './security-over-accounts';
export * from './timers';
