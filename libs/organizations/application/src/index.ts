export * from './aggregates';
export * from './ports';
export * from './actors';
export * from './organizations.service';
export * from './sub-user-applications.service';
export * from './recovery';
