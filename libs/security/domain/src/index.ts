export * from './login';
export * from './schemas';
export * from './sessions';
