export * from './bridge';
export * from './cloud-events';
export * from './kafka-sink';
export * from './ndjson-sink';
export * from './sink';
export * from './start-bridge';
