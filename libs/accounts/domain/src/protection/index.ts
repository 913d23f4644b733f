export * from './commands';
export * from './events';
export { protectionSlice } from './slice';
export { type ProtectionKind, type ProtectionSetting } from './state';
