export * from './aggregate';
export * from './handlers';
export * from './review-cases.service';
export * from './timers';
export * from './view';
