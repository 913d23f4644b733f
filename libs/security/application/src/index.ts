export * from './aggregates';
export * from './login-attempt-limits';
export * from './login.service';
export * from './ports';
export * from './sessions.service';
