export * from './definition';
export * from './scheduler';
export * from './timer-sink';
export * from './timer-table';
