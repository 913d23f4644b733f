import { CLOUDEVENTS_SPEC_VERSION, type DecodedEvent, JSON_CONTENT_TYPE, type MapContext, type MessageChannel, type MessageMapper, type OutboundMessage } from '@acc/ports';

/**
 * What a context's contracts are made of: a table from its domain event types to the public
 * messages they yield. Each context writes its own table against its own events; the
 * composition merges the tables of all contexts into the one mapper the bridge runs.
 */

/** What a rule produces; the mapper adds the envelope (id, source, time, ...). */
export interface MessageDraft<Data = unknown> {
  readonly channel: MessageChannel;
  readonly type: string;
  readonly key: string;
  readonly subject?: string;
  readonly data: Data;
}

/**
 * One output of a table entry. Returns null to publish nothing for this event (the personal
 * data the message needs was erased, or the message is pointless now, like an expired code).
 */
export type MessageRule<Data> = (event: DecodedEvent<Data>, ctx: MapContext) => MessageDraft | null;

/**
 * Event type -> the messages it yields, typed by the context's event union. Types not in the
 * table are ignored. Message ids are derived from the position of the rule in its entry (first:
 * the event id; n-th: `<eventId>:<n>`), so an entry is append-only: add rules at its end, never
 * reorder or remove one (replace a rule that must go by `() => null`). Otherwise a replay would
 * publish old events under new ids.
 */
export type MessageTableOf<E extends { readonly type: string; readonly data: unknown }> = {
  readonly [T in E['type']]?: ReadonlyArray<MessageRule<Extract<E, { type: T }>['data']>>;
};

/** Any context's table, as the merge and the mapper see it. */
export type AnyMessageTable = { readonly [type: string]: ReadonlyArray<MessageRule<never>> | undefined };

/** Message id of the rule at `index` in its entry: stable across replays, distinct per message. */
export function messageId(eventId: string, index: number): string {
  return index === 0 ? eventId : `${eventId}:${index}`;
}

/** The tables of several contexts as one; an event type belongs to one context, so two tables naming it is a mistake. */
export function mergeMessageTables(...tables: readonly AnyMessageTable[]): AnyMessageTable {
  const merged: Record<string, ReadonlyArray<MessageRule<never>> | undefined> = {};
  for (const table of tables) {
    for (const [type, rules] of Object.entries(table)) {
      if (Object.prototype.hasOwnProperty.call(merged, type)) throw new Error(`two message tables have an entry for ${type}`);
      merged[type] = rules;
    }
  }
  return merged;
}

export function createTableMapper(table: AnyMessageTable): MessageMapper {
  const rules = new Map(Object.entries(table as Readonly<Record<string, ReadonlyArray<MessageRule<unknown>>>>));
  return {
    handles: (type) => rules.has(type),
    map(event, ctx) {
      const entry = rules.get(event.type);
      if (!entry) return [];
      const correlationId = event.metadata?.correlationId;
      const out: OutboundMessage[] = [];
      entry.forEach((rule, index) => {
        const draft = rule(event, ctx);
        if (!draft) return;
        out.push({
          channel: draft.channel,
          key: draft.key,
          event: {
            specversion: CLOUDEVENTS_SPEC_VERSION,
            id: messageId(event.eventId, index),
            source: ctx.source,
            type: draft.type,
            ...(draft.subject !== undefined ? { subject: draft.subject } : {}),
            time: event.recordedAt,
            datacontenttype: JSON_CONTENT_TYPE,
            partitionkey: draft.key,
            ...(typeof correlationId === 'string' && correlationId ? { correlationid: correlationId } : {}),
            data: draft.data,
          },
        });
      });
      return out;
    },
  };
}
