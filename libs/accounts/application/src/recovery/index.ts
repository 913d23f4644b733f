export * from './aggregate';
export * from './limits';
export * from './ports';
export * from './proofs';
export * from './recovery.service';
export * from './view';
