export * from './aggregate';
export * from './applicant';
export * from './limits';
export * from './login-applications.service';
export * from './outcome';
export * from './ports';
export * from './view';
