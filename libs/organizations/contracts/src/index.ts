export * from './organization-messages';
