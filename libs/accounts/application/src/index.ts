export * from './accounts.service';
export * from './aggregates';
export * from './binding-reconciler';
export * from './identity-claims';
export * from './identity-verification.service';
export * from './login-methods.service';
export * from './ports';
export * from './verification-codes';
