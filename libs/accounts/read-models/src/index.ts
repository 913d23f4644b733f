export * from './account-profile';
export * from './audit-log';
export * from './define';
export * from './identity-index';
export * from './login-methods';
export * from './queries';
export * from './security-view';
export * from './review-cases';
