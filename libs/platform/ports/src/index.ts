export * from './event-serializer';
export * from './event-store';
export * from './key-store';
export * from './outbound-message';
export * from './read-store';
export * from './idempotency-store';
export * from './lease';
