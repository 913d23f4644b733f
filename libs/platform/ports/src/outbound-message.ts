import type { RecordedEvent } from '@acc/kernel';

/**
 * What the bridge publishes: CloudEvents 1.0 in structured JSON mode
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md). These are plain
 * values; the messaging layer validates them with the `cloudevents` package and writes them.
 * Each context's contracts build them from its events through a `MessageMapper`.
 */

/** The two public channels: Kafka topics `<prefix>notifications.v1` and `<prefix>integration-events.v1`. */
export type MessageChannel = 'notifications' | 'integration-events';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
/** Default CloudEvents `source` of everything the account center core publishes. */
export const DEFAULT_SOURCE = '/account-center/core';

export interface CloudEventJson<Data = unknown> {
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /**
   * Stable: the domain event id, so a consumer dedupes redeliveries by `id` (with `source`).
   * When one domain event yields several messages, the first keeps the plain event id and
   * the n-th (n >= 1) is `<eventId>:<n>` (see the contracts' message tables).
   */
  readonly id: string;
  readonly source: string;
  /** Versioned, e.g. `account.registered.v1`: a breaking change gets a new type (and schema). */
  readonly type: string;
  /** The account id, when the message concerns an account. */
  readonly subject?: string;
  /** When the domain event was recorded (not when it was published). */
  readonly time: string;
  readonly datacontenttype: typeof JSON_CONTENT_TYPE;
  /** CloudEvents Kafka `partitionkey` extension: the Kafka record key. */
  readonly partitionkey: string;
  /** Correlation id of the command that caused the event, for tracing (extension attribute). */
  readonly correlationid?: string;
  readonly data: Data;
}

export interface OutboundMessage<Data = unknown> {
  readonly channel: MessageChannel;
  /**
   * Kafka record key: the account id, or the verification id for a code sent before an
   * account exists. One key = one partition = the messages of that key stay in event order.
   */
  readonly key: string;
  readonly event: CloudEventJson<Data>;
}

/** A recorded event whose data was decoded (personal data decrypted, upcast to the current version). */
export type DecodedEvent<Data = Record<string, unknown>> = RecordedEvent<Data>;

export interface MapContext {
  /** CloudEvents `source` of the messages. */
  readonly source: string;
  /** Time of publication; notifications that make no sense any more (an expired code) are dropped. */
  readonly now: Date;
}

/** Decoded domain event -> the messages it yields. The bridge is given one; contexts provide them. */
export interface MessageMapper {
  /** Whether events of this type yield messages at all (the bridge decodes only those). */
  handles(type: string): boolean;
  map(event: DecodedEvent, ctx: MapContext): OutboundMessage[];
}
