/** Who caused a change: the calling team/service and, when known, the end user. */
export interface Actor {
  readonly service: string;
  readonly user?: string;
}

/** Metadata every recorded event carries. */
export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly sourceIp?: string;
  readonly idempotencyKey?: string;
  /** The idempotency record whose request appended the event (docs/adr/0008). */
  readonly idempotencyToken?: string;
  readonly [extra: string]: unknown;
}

/** An event as it is stored: the domain event plus its envelope. */
export interface RecordedEvent<Data = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: number;
  /** Position in the global, totally ordered log (`$all`). */
  readonly position: number;
  /** ISO-8601 time at which the store recorded the event. */
  readonly recordedAt: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
}
