export * from './accounts.service';
export * from './aggregates';
export * from './ports';
