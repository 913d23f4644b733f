export * from './assertion-verifier';
export * from './event-codec';
export * from './field-cipher';
export * from './keyed-hasher';
export * from './master-key';
export * from './password-hasher';
export * from './sqlite-key-store';
export * from './totp';
