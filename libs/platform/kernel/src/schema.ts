/**
 * Event schemas carry a version. When an event's shape changes, its version is
 * bumped and an upcaster turns stored older versions into the current shape on
 * read, so history is never rewritten.
 */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export interface EventSchema {
  readonly type: string;
  readonly version: number;
  /** Upcasters keyed by the version they start from (v -> v+1). */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /**
   * Paths of fields holding personal data, e.g. `email` or `identity.externalId`.
   * The store encrypts them under the subject's key so they can later be made unreadable.
   */
  readonly personalData?: readonly string[];
  /** Data field naming whose personal data this is (an account id); default `accountId`. */
  readonly subjectField?: string;
}

/**
 * Schema rows of a set of event types, one per type: a missing or unknown type is a type
 * error (`eventSchemas<MyEvent['type']>({ ... })`).
 */
export function eventSchemas<T extends string>(rows: { readonly [K in T]: Omit<EventSchema, 'type'> }): EventSchema[] {
  return Object.entries<Omit<EventSchema, 'type'>>(rows).map(([type, row]) => ({ type, ...row }));
}

export class EventSchemaRegistry {
  private readonly schemas = new Map<string, EventSchema>();

  register(...schemas: EventSchema[]): this {
    for (const schema of schemas) {
      if (this.schemas.has(schema.type)) throw new Error(`event type registered twice: ${schema.type}`);
      this.schemas.set(schema.type, schema);
    }
    return this;
  }

  get(type: string): EventSchema | undefined {
    return this.schemas.get(type);
  }

  versionOf(type: string): number {
    return this.schemas.get(type)?.version ?? 1;
  }

  /** Brings data stored at `fromVersion` up to the current version of its type. */
  upcast(type: string, fromVersion: number, data: Record<string, unknown>): Record<string, unknown> {
    const schema = this.schemas.get(type);
    if (!schema) return data;
    let current = data;
    for (let v = fromVersion; v < schema.version; v++) {
      const up = schema.upcasters?.[v];
      if (!up) throw new Error(`no upcaster for ${type} v${v} -> v${v + 1}`);
      current = up(current);
    }
    return current;
  }

  types(): string[] {
    return [...this.schemas.keys()];
  }
}
