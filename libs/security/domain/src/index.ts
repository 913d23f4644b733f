export * from './login';
export * from './schemas';
export * from './sessions';
export * from './unknown-login';
