import { CloudEvent, CONSTANTS } from 'cloudevents';
import type { MessageChannel, OutboundMessage } from '@acc/ports';

/**
 * The `cloudevents` SDK is the gate every message passes: `new CloudEvent(...)` validates the
 * envelope against the CloudEvents 1.0 schema (required attributes, extension names, RFC 3339
 * time), so a contract bug fails loudly here instead of reaching consumers.
 */
export function toCloudEvent(message: OutboundMessage): CloudEvent<unknown> {
  return new CloudEvent<unknown>({ ...message.event });
}

/** Structured content mode: the whole CloudEvent as one JSON document (the Kafka value, one NDJSON line). */
export function toStructuredJson(message: OutboundMessage): string {
  return toCloudEvent(message).toString();
}

/** Kafka record in structured mode (CloudEvents Kafka protocol binding 1.0, §3.3). */
export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
  /** Event time in epoch milliseconds (the binding maps `time` to the record timestamp). */
  readonly timestamp: string;
}

export const STRUCTURED_CONTENT_TYPE = CONSTANTS.DEFAULT_CE_CONTENT_TYPE; // application/cloudevents+json; charset=utf-8

export function toKafkaRecord(message: OutboundMessage): KafkaRecord {
  const event = toCloudEvent(message);
  return {
    key: message.key,
    value: event.toString(),
    headers: { [CONSTANTS.HEADER_CONTENT_TYPE]: STRUCTURED_CONTENT_TYPE },
    timestamp: String(Date.parse(message.event.time)),
  };
}

/** Topic names: `<prefix>notifications.v1`, `<prefix>integration-events.v1`. The `.v1` moves only if the envelope changes. */
export function topicFor(channel: MessageChannel, prefix: string): string {
  return `${prefix}${channel}.v1`;
}

export const DEFAULT_TOPIC_PREFIX = 'account-center.';
