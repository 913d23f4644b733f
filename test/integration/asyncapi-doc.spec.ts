import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLOSURE_INTEGRATION_EVENT_TYPES,
  CLOSURE_NOTIFICATION_TYPES,
  DEFAULT_SOURCE,
  DEREGISTRATION_INTEGRATION_EVENT_TYPES,
  DEREGISTRATION_MESSAGE_TABLE,
  DEREGISTRATION_NOTIFICATION_TYPES,
  INTEGRATION_EVENT_TYPES,
  LOGIN_APPLICATION_MESSAGE_TABLE,
  LOGIN_APPLICATION_NOTIFICATION_TYPES,
  NOTIFICATION_TYPES,
  RECOVERY_GRANT_MESSAGE_TABLE,
  RECOVERY_GRANT_NOTIFICATION_TYPES,
  RECOVERY_NOTIFICATION_TYPES,
  REVIEW_CASE_MESSAGE_TABLE,
  REVIEW_CASE_NOTIFICATION_TYPES,
} from '@acc/accounts-contracts';
import { coreMessages } from '@acc/composition';
import { ORGANIZATION_INTEGRATION_EVENT_TYPES, ORGANIZATION_MESSAGE_TABLE, ORGANIZATION_NOTIFICATION_TYPES } from '@acc/organizations-contracts';
import { DEFAULT_TOPIC_PREFIX, topicFor } from '@acc/messaging';

// docs/asyncapi.yaml is written by hand: keep it in step with the types the code can publish.
describe('docs/asyncapi.yaml documents what the bridge publishes', () => {
  const doc = readFileSync(join(__dirname, '../../docs/asyncapi.yaml'), 'utf8');

  const notifications = [
    ...Object.values(NOTIFICATION_TYPES),
    ...Object.values(CLOSURE_NOTIFICATION_TYPES),
    ...Object.values(DEREGISTRATION_NOTIFICATION_TYPES),
    ...Object.values(RECOVERY_NOTIFICATION_TYPES),
    ...Object.values(REVIEW_CASE_NOTIFICATION_TYPES),
    ...Object.values(RECOVERY_GRANT_NOTIFICATION_TYPES),
    ...Object.values(LOGIN_APPLICATION_NOTIFICATION_TYPES),
    ...Object.values(ORGANIZATION_NOTIFICATION_TYPES),
  ];
  const integrationEvents = [...Object.values(INTEGRATION_EVENT_TYPES), ...Object.values(CLOSURE_INTEGRATION_EVENT_TYPES), ...Object.values(DEREGISTRATION_INTEGRATION_EVENT_TYPES), ...Object.values(ORGANIZATION_INTEGRATION_EVENT_TYPES)];

  it.each([...notifications, ...integrationEvents])('message %s', (type) => {
    expect(doc).toContain(`name: ${type}\n`);
    expect(doc).toContain(`const: ${type}\n`);
  });

  // Each message is listed on its channel and in its publishing operation (the channel's messages are referenced by key).
  it.each([
    ['notifications', notifications],
    ['integrationEvents', integrationEvents],
  ])('every %s message is on its channel and operation', (channel, types) => {
    for (const type of types) {
      const component = new RegExp(`\\n    (\\w+):\\n      name: ${type.replace(/\./g, '\\.')}\\n`).exec(doc)?.[1];
      expect(component).toBeDefined();
      const key = new RegExp(`\\n      (\\w+):\\n        \\$ref: '#/components/messages/${component}'\\n`).exec(doc)?.[1];
      expect(key).toBeDefined();
      expect(doc).toContain(`- $ref: '#/channels/${channel}/messages/${key}'\n`);
    }
  });

  it('the bridge publishes the deregistration process messages', () => {
    for (const type of Object.keys(DEREGISTRATION_MESSAGE_TABLE)) expect(coreMessages.handles(type)).toBe(true);
  });

  it('the bridge publishes the review-case, recovery-grant, login-application and organisation messages', () => {
    for (const table of [REVIEW_CASE_MESSAGE_TABLE, RECOVERY_GRANT_MESSAGE_TABLE, LOGIN_APPLICATION_MESSAGE_TABLE, ORGANIZATION_MESSAGE_TABLE]) {
      for (const type of Object.keys(table)) expect(coreMessages.handles(type)).toBe(true);
    }
  });

  // LM-6: the alerts of stale Official Account bindings are named where the alert kinds are listed.
  it.each(['login-method-stale', 'login-method-reauthorised'])('security alert %s', (alert) => {
    expect(/alert:\n\s+type: string\n\s+description: ([^\n]+)/.exec(doc)?.[1]).toContain(alert);
  });

  it('topics and source', () => {
    expect(doc).toContain(`address: ${topicFor('notifications', DEFAULT_TOPIC_PREFIX)}\n`);
    expect(doc).toContain(`address: ${topicFor('integration-events', DEFAULT_TOPIC_PREFIX)}\n`);
    expect(doc).toContain(DEFAULT_SOURCE);
  });
});
