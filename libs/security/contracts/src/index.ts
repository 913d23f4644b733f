export * from './security-messages';
