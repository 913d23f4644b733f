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
      for (const path of schema.personalData) {
        data = encryptAt(data, path.split('.'), [], (value, concretePath) => fieldCipher.encrypt(key, value, `${subject}|${concretePath}`)) as Record<string, unknown>;
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

/**
 * Returns a copy of `node` with the values at a dotted path (`*` = each array element)
 * replaced by `encrypt(value)`; only the objects along the path are copied.
 */
function encryptAt(node: unknown, path: string[], trail: string[], encrypt: (value: unknown, concretePath: string) => string): unknown {
  if (node === null || typeof node !== 'object') return node;
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(node)) return node;
    const here = [...trail, '*'];
    return node.map((child) => (rest.length ? encryptAt(child, rest, here, encrypt) : child === null || child === undefined ? child : encrypt(child, here.join('.'))));
  }
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  const value = copy[head];
  if (rest.length) copy[head] = encryptAt(value, rest, [...trail, head], encrypt);
  else if (value !== null && value !== undefined) copy[head] = encrypt(value, [...trail, head].join('.'));
  return copy;
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
