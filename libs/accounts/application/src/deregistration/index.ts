export * from './aggregate';
export * from './closure-steps';
export * from './deregistration.service';
export * from './ports';
export * from './review-case-steps';
export * from './timers';
export * from './view';
