import { EventSchemaRegistry } from '@acc/kernel';
import { EventCodec } from './event-codec';
import { ERASED } from './field-cipher';
import { SqliteKeyStore } from './sqlite-key-store';
import { randomBytes } from 'node:crypto';

const meta = { actor: { service: 't' }, correlationId: 'c', causationId: 'c' };

describe('event codec: personal data encrypted at rest, erasable (X-2)', () => {
  const registry = new EventSchemaRegistry().register(
    { type: 'Registered', version: 2, personalData: ['email', 'contact.phone', 'methods.*.identity'], upcasters: { 1: (d) => ({ ...d, industry: d.industry ?? null }) } },
    { type: 'Plain', version: 1 },
  );
  const keys = new SqliteKeyStore(':memory:', randomBytes(32));
  const codec = new EventCodec(registry, keys);
  afterAll(() => keys.close());

  const event = {
    type: 'Registered',
    data: { accountId: '100000000001', email: 'eve@example.com', contact: { phone: '+8613800138000', kind: 'mobile' }, methods: [{ type: 'qq', identity: 'qq-123' }], industry: 'x' },
  };

  it('encrypts exactly the personal-data paths, leaves the domain event untouched, and decodes back', async () => {
    const stored = await codec.encode(event, meta);
    const raw = JSON.stringify(stored);
    for (const secret of ['eve@example.com', '+8613800138000', 'qq-123']) expect(raw).not.toContain(secret);
    expect(stored.data).toMatchObject({ accountId: '100000000001', contact: { kind: 'mobile' }, methods: [{ type: 'qq' }], industry: 'x' });
    expect(stored.schemaVersion).toBe(2);
    expect(event.data.email).toBe('eve@example.com'); // the input was not mutated
    const decoded = await codec.decode({ ...stored, eventId: 'e', streamId: 's', revision: 0, position: 1, recordedAt: '', schemaVersion: 2 } as never);
    expect(decoded).toEqual(event);
  });

  it('binds a ciphertext to its account: moved to another subject it does not decrypt', async () => {
    const a = await codec.encode(event, meta);
    const b = await codec.encode({ ...event, data: { ...event.data, accountId: '100000000002' } }, meta);
    const forged = { ...b, data: { ...b.data, email: (a.data as Record<string, unknown>).email } };
    const decoded = await codec.decode<typeof event>({ ...forged, eventId: 'e', streamId: 's', revision: 0, position: 1, recordedAt: '', schemaVersion: 2 } as never);
    expect(decoded.data.email).toBe(ERASED);
  });

  it('reads erased personal data after the subject key is destroyed, other fields intact', async () => {
    const stored = await codec.encode({ ...event, data: { ...event.data, accountId: '100000000009' } }, meta);
    await keys.destroy('accountId:100000000009');
    const decoded = await codec.decode<typeof event>({ ...stored, eventId: 'e', streamId: 's', revision: 0, position: 1, recordedAt: '', schemaVersion: 2 } as never);
    expect(decoded.data).toEqual({ accountId: '100000000009', email: ERASED, contact: { phone: ERASED, kind: 'mobile' }, methods: [{ type: 'qq', identity: ERASED }], industry: 'x' });
    await expect(codec.encode({ ...event, data: { ...event.data, accountId: '100000000009' } }, meta)).rejects.toThrow('destroyed');
  });

  it('upcasts stored older versions on read', async () => {
    const decoded = await codec.decode({ eventId: 'e', type: 'Registered', schemaVersion: 1, streamId: 's', revision: 0, position: 1, recordedAt: '', data: { accountId: '1' }, metadata: meta } as never);
    expect(decoded.data).toEqual({ accountId: '1', industry: null });
  });

  it('refuses unregistered event types', async () => {
    await expect(codec.encode({ type: 'Nope', data: {} }, meta)).rejects.toThrow('not registered');
  });
});
