import { InMemoryReadStore } from './memory-read-store';
import { describeReadStoreConformance } from './testing/conformance';

describeReadStoreConformance('in-memory (mingo)', async () => ({ store: new InMemoryReadStore(), cleanup: async () => undefined }));
