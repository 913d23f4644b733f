// The port lives in @acc/ports so application code can depend on it without the adapters.
export * from '@acc/ports';
