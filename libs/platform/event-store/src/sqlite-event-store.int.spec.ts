import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';
import { describeEventStoreConformance } from './testing/conformance';

const dir = mkdtempSync(join(tmpdir(), 'acc-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreConformance('SQLite (file, WAL)', async () => new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 20 }));
