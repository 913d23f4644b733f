import type { DomainEvent, EventMetadata, EventSchemaRegistry, RecordedEvent } from '@acc/kernel';
import type { EventSerializer, EventToAppend, KeyStore } from '@acc/ports';
import { ERASED, fieldCipher, isEncrypted } from './field-cipher';

/** Metadata key naming whose data key protects an event's personal data. */
export const PII_SUBJECT = 'piiSubject';

/**
 * Turns domain events into stored events and back.
 * - Writing: fields the schema lists as personal data are encrypted under the
 *   subject's data key; the schema version is stamped.
 * - Reading: encrypted fields are decrypted, or become ERASED when the key was
 *   destroyed; then upcasters bring old versions to the current shape.
 */
export class EventCodec implements EventSerializer {
  constructor(
    private readonly registry: EventSchemaRegistry,
    private readonly keys: KeyStore,
  ) {}

  async encode(event: DomainEvent, metadata: EventMetadata, eventId?: string): Promise<EventToAppend> {
    const schema = this.registry.get(event.type);
    if (!schema) throw new Error(`event type not registered: ${event.type}`);
    let data = event.data as Record<string, unknown>;
    let meta = metadata;
    if (schema.personalData?.length) {
      const subjectId = data[schema.subjectField ?? 'accountId'];
      if (typeof subjectId !== 'string' || subjectId.length === 0) throw new Error(`${event.type}: missing subject for personal data`);
      const subject = subjectKey(schema.subjectField ?? 'accountId', subjectId);
      const key = await this.keys.getOrCreate(subject);
      data = structuredClone(data);
      for (const path of schema.personalData) {
        forEachAtPath(data, path.split('.'), [], (holder, prop, concretePath) => {
          const value = holder[prop];
          if (value === undefined || value === null) return;
          holder[prop] = fieldCipher.encrypt(key, value, `${subject}|${concretePath}`);
        });
      }
      meta = { ...metadata, [PII_SUBJECT]: subject };
    }
    return { eventId, type: event.type, schemaVersion: schema.version, data, metadata: meta };
  }

  async sealState(subject: string, state: unknown): Promise<unknown> {
    const key = await this.keys.getOrCreate(subject);
    return fieldCipher.encrypt(key, state, `${subject}|$state`);
  }

  async openState(subject: string, sealed: unknown): Promise<unknown | undefined> {
    if (!isEncrypted(sealed)) return undefined;
    const key = await this.keys.find(subject);
    if (!key) return undefined;
    try {
      return fieldCipher.decrypt(key, sealed, `${subject}|$state`);
    } catch {
      return undefined;
    }
  }

  async decode<E extends DomainEvent = DomainEvent>(recorded: RecordedEvent<Record<string, unknown>>): Promise<E> {
    let data = recorded.data;
    const subject = recorded.metadata[PII_SUBJECT];
    if (typeof subject === 'string') {
      const key = await this.keys.find(subject);
      data = decryptTree(data, [], (encoded, path) => {
        if (!key) return ERASED;
        try {
          return fieldCipher.decrypt(key, encoded, `${subject}|${path}`);
        } catch {
          return ERASED;
        }
      }) as Record<string, unknown>;
    }
    const upcast = this.registry.upcast(recorded.type, recorded.schemaVersion, data);
    return { type: recorded.type, data: upcast } as unknown as E;
  }
}

/** Key subjects are namespaced by what they protect, e.g. `accountId:100012345678`. */
export function subjectKey(field: string, id: string): string {
  return `${field}:${id}`;
}

type Holder = Record<string, unknown>;

/** Visits every value at a dotted path where `*` stands for each array element. */
function forEachAtPath(node: unknown, path: string[], trail: string[], visit: (holder: Holder, prop: string, concretePath: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(node)) return;
    node.forEach((child, i) => {
      if (rest.length === 0) visit(node as unknown as Holder, String(i), [...trail, '*'].join('.'));
      else forEachAtPath(child, rest, [...trail, '*'], visit);
    });
    return;
  }
  const holder = node as Holder;
  if (rest.length === 0) visit(holder, head, [...trail, head].join('.'));
  else forEachAtPath(holder[head], rest, [...trail, head], visit);
}

function decryptTree(node: unknown, trail: string[], decrypt: (encoded: string, path: string) => unknown): unknown {
  if (isEncrypted(node)) return decrypt(node, trail.join('.'));
  if (Array.isArray(node)) return node.map((child) => decryptTree(child, [...trail, '*'], decrypt));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = decryptTree(v, [...trail, k], decrypt);
    return out;
  }
  return node;
}
