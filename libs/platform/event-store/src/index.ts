export * from './port';
export * from './sqlite-event-store';
export * from './eventstoredb-event-store';
export * from './sqlite-idempotency-store';
export * from './eventstoredb/idempotency-store';
