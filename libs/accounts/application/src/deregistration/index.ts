export * from './aggregate';
export * from './closure-steps';
export * from './deregistration.service';
export * from './ports';
export * from './review-cases';
export * from './timers';
export * from './view';
