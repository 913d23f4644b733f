export * from './organizations';
export * from './queries';
