/**
 * Real-server test suites (Kafka, MongoDB-wire, EventStoreDB) read their address from the
 * environment. `npm test` starts Kafka and FerretDB itself (test/infra) and sets it.
 * Without an address a suite is skipped with the reason printed; under CI=true a missing
 * Kafka or MongoDB address is a failure, never a skip (EventStoreDB may be skipped).
 */
export interface ServerRequirement {
  /** The address, when the suite can run. */
  readonly url?: string;
  /** `describe` or `describe.skip`. */
  readonly describe: jest.Describe;
}

export function requireServer(variable: 'KAFKA_BROKERS' | 'MONGODB_URL' | 'EVENTSTORE_URL', what: string): ServerRequirement {
  const url = process.env[variable];
  if (url) return { url, describe };
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (ci && variable !== 'EVENTSTORE_URL') {
    throw new Error(`${what}: ${variable} is not set under CI=true; the real server must run (see test/infra)`);
  }
  // Printed on purpose: a skipped real-server suite must say why.
  console.warn(`[${what}] skipped: ${variable} is not set (npm test starts Kafka/FerretDB itself when Java, Maven and Go are installed)`);
  return { url: undefined, describe: describe.skip };
}
