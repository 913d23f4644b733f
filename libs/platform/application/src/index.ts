export * from './command-context';
export * from './event-sourced-repository';
export * from './idempotency';
export * from './keyed-lock';
export * from './process';
export * from './secret-token';
