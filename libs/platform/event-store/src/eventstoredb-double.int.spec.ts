import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { describeEventStoreConformance } from './testing/conformance';
import { type EsdbDouble, startEsdbDouble } from './testing/esdb-double';
import { describeIdempotencyStoreConformance } from './testing/idempotency-conformance';

/*
 * The shared suites over the real @eventstore/db-client talking gRPC to the protocol double
 * (docs/adr/0022): proves the adapter's use of the client, not EventStoreDB itself. The run
 * against a real server is eventstoredb-event-store.int.spec.ts (EVENTSTORE_URL).
 */
describe('[protocol double, not a real EventStoreDB] EventStoreDB adapter over the real client', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble();
  });
  afterAll(async () => {
    await double.stop();
  });

  describeEventStoreConformance('EventStoreDB client against the protocol double', async () => EventStoreDbEventStore.fromConnectionString(double.url));

  describeIdempotencyStoreConformance('EventStoreDB client against the protocol double', async () => {
    const store = EventStoreDbEventStore.fromConnectionString(double.url);
    const records = store.idempotencyStore({ maxAgeSeconds: 3600 });
    return Object.assign(Object.create(records) as typeof records, { close: () => store.close() });
  });
});
