// The port lives in @acc/ports so projections (pure) can depend on it without the adapters.
export * from '@acc/ports';
export { CHECKPOINT_COLLECTION } from './filters';
export * from './memory-read-store';
export * from './mongo-read-store';
export * from './sqlite-read-store';
export * from './projector';
export * from './open';
export { planWrites } from './planner';
