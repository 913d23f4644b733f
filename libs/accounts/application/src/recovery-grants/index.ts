export * from './account-effects';
export * from './aggregate';
export * from './recovery-grants.service';
