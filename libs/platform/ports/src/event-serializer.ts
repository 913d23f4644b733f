import type { DomainEvent, EventMetadata, RecordedEvent } from '@acc/kernel';
import type { EventToAppend } from './event-store';

/**
 * Between domain events and stored events: stamps schema versions, protects
 * personal data and upcasts old versions on read.
 */
export interface EventSerializer {
  encode(event: DomainEvent, metadata: EventMetadata, eventId?: string): Promise<EventToAppend>;
  decode<E extends DomainEvent = DomainEvent>(recorded: RecordedEvent<Record<string, unknown>>): Promise<E>;
  /** Seals an aggregate state (snapshot) under a subject's data key, so snapshots hold no readable personal data. */
  sealState(subject: string, state: unknown): Promise<unknown>;
  /** Opens a sealed state; undefined when the subject's key was destroyed. */
  openState(subject: string, sealed: unknown): Promise<unknown | undefined>;
}
