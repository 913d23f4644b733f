export * from './command-context';
export * from './event-sourced-repository';
export * from './idempotency/idempotency-service';
export * from './idempotency/idempotent-execution';
export * from './keyed-lock';
export * from './process';
export * from './rate-limiter';
export * from './secret-token';
