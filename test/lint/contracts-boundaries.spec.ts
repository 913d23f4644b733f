import { computeProjectGraph, lintAs } from './lint';

/** The Kafka contracts stay pure, and test fixtures stay out of production code (ADR 0005). */
describe('module boundaries of the message contracts and the bridge (lint)', () => {
  beforeAll(computeProjectGraph, 60_000);

  const lint = lintAs;

  it('refuses transports, I/O, infrastructure libraries and the clock in contracts; accepts the domain', () => {
    const code = [
      "import { Kafka } from 'kafkajs';",
      "import { CloudEvent } from 'cloudevents';",
      "import { readFileSync } from 'node:fs';",
      "import { SqliteEventStore } from '@acc/event-store';",
      "import { accountDecider } from '@acc/accounts-domain';",
      'export const all = [Kafka, CloudEvent, readFileSync, SqliteEventStore, accountDecider, Date.now()];',
    ].join('\n');
    const messages = lint('libs/accounts/contracts/src/violation.ts', code).join('\n');
    expect(messages).toMatch(/not allowed to import "kafkajs"/);
    expect(messages).toMatch(/not allowed to import "cloudevents"/);
    expect(messages).toMatch(/node:fs/);
    expect(messages).toMatch(/type:contracts.*can only depend on/);
    expect(messages).toMatch(/no-restricted-syntax/);
    expect(messages).not.toMatch(/accounts-domain/);
  });

  it('lets infrastructure tests, not infrastructure code, use the real-server fixtures', () => {
    const code = "import { requireServer } from '@acc/testing';\nexport const r = requireServer;\n";
    expect(lint('libs/platform/messaging/src/violation.ts', code).join('\n')).toMatch(/enforce-module-boundaries/);
    expect(lint('libs/platform/messaging/src/fixture.int.spec.ts', code)).toEqual([]);
  });
});
