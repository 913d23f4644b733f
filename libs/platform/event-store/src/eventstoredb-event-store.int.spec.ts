import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { describeEventStoreConformance } from './testing/conformance';

// EventStoreDB is the one server this suite may skip (no package ships it): without a server the
// reason is printed, also under CI=true. Stream ids are unique per run, so a shared server is fine.
const url = process.env.EVENTSTORE_URL;
const skip = url
  ? undefined
  : 'EVENTSTORE_URL is not set: no EventStoreDB server here; set it (e.g. esdb://127.0.0.1:2113?tls=false) to run this suite';

describeEventStoreConformance('EventStoreDB', async () => EventStoreDbEventStore.fromConnectionString(url ?? ''), { skip });
