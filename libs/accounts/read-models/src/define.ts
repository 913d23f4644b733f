import type { DomainEvent, RecordedEvent } from '@acc/kernel';
import type { CollectionSpec, DocumentWrite, ProjectedEvent, Projection } from '@acc/ports';

export type Recorded = RecordedEvent<Record<string, unknown>>;
export type Handler<E extends DomainEvent> = (event: E, recorded: Recorded) => readonly DocumentWrite[];
/** One handler per event type: handling a new type is one more entry. */
export type Handlers<E extends DomainEvent> = { readonly [T in E['type']]?: Handler<Extract<E, { type: T }>> };

export interface ProjectionDefinition<E extends DomainEvent> {
  readonly name: string;
  /** Bump when what the projection writes changes: the read model is then rebuilt from zero. */
  readonly version: number;
  readonly collections: readonly CollectionSpec[];
  readonly streams?: readonly string[];
  readonly handlers: Handlers<E>;
  /** Handles every other event type too (e.g. the audit log); without it, other types are skipped. */
  readonly otherwise?: Handler<ProjectedEvent>;
}

/** Builds a Projection from a handler map; `handles` is the map's keys (or `*` with a fallback). */
export function defineProjection<E extends DomainEvent>(definition: ProjectionDefinition<E>): Projection {
  const handlers = definition.handlers as Readonly<Record<string, Handler<ProjectedEvent> | undefined>>;
  return {
    name: definition.name,
    version: definition.version,
    collections: definition.collections,
    streams: definition.streams,
    handles: definition.otherwise ? '*' : Object.keys(handlers),
    apply(event, recorded) {
      const handler = handlers[event.type] ?? definition.otherwise;
      return handler ? handler(event, recorded) : [];
    },
  };
}

/** The account id of an `account-<uin>` stream. */
export const accountIdOf = (recorded: Pick<Recorded, 'streamId'>) => recorded.streamId.slice('account-'.length);
