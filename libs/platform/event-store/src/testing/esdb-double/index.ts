export { type EsdbDouble, type EsdbDoubleOptions, startEsdbDouble } from './server';
export { DoubleLog, type LogRecord } from './log';
