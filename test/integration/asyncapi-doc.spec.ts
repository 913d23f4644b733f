import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOSURE_INTEGRATION_EVENT_TYPES, CLOSURE_NOTIFICATION_TYPES, DEFAULT_SOURCE, INTEGRATION_EVENT_TYPES, NOTIFICATION_TYPES } from '@acc/accounts-contracts';
import { DEFAULT_TOPIC_PREFIX, topicFor } from '@acc/messaging';

// docs/asyncapi.yaml is written by hand: keep it in step with the types the code can publish.
describe('docs/asyncapi.yaml documents what the bridge publishes', () => {
  const doc = readFileSync(join(__dirname, '../../docs/asyncapi.yaml'), 'utf8');

  it.each([...Object.values(NOTIFICATION_TYPES), ...Object.values(INTEGRATION_EVENT_TYPES), ...Object.values(CLOSURE_NOTIFICATION_TYPES), ...Object.values(CLOSURE_INTEGRATION_EVENT_TYPES)])('message %s', (type) => {
    expect(doc).toContain(`name: ${type}\n`);
    expect(doc).toContain(`const: ${type}\n`);
  });

  it('topics and source', () => {
    expect(doc).toContain(`address: ${topicFor('notifications', DEFAULT_TOPIC_PREFIX)}\n`);
    expect(doc).toContain(`address: ${topicFor('integration-events', DEFAULT_TOPIC_PREFIX)}\n`);
    expect(doc).toContain(DEFAULT_SOURCE);
  });
});
