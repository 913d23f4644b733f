import { InMemoryLeaseRecords, Lease, LeaseLostError } from './index';

/** The lease rules over the in-memory records, on a clock the test moves (renewals run by hand). */
describe('Lease', () => {
  let now = 1_000_000;
  const clock = () => now;
  const make = (records: InMemoryLeaseRecords, holder: string) => new Lease({ name: 'projector', records, holder, ttlMs: 1000, renewMs: 300, maxPollMs: 20, now: clock });
  const renew = (lease: Lease) => (lease as unknown as { renew(): Promise<void> }).renew();
  const leases: Lease[] = [];
  afterEach(async () => {
    for (const lease of leases.splice(0)) await lease.release();
  });

  it('one holder at a time; a takeover after expiry increments the epoch and the old holder learns it lost', async () => {
    const records = new InMemoryLeaseRecords();
    const a = make(records, 'a');
    const b = make(records, 'b');
    leases.push(a, b);
    const first = await a.tryAcquire();
    expect(first.grant).toMatchObject({ holder: 'a', epoch: 1 });
    expect((await b.tryAcquire()).heldBy).toMatchObject({ holder: 'a', epoch: 1 });
    expect(b.held).toBe(false);
    expect(() => b.assertHeld()).toThrow(LeaseLostError);

    now += 500;
    await renew(a); // a renewal keeps the epoch and moves the expiry
    expect(a.current()).toMatchObject({ epoch: 1, expiresAt: now + 1000 });

    now += 1001; // a stopped renewing (paused): its grant ran out
    expect(a.held).toBe(false);
    const lost = jest.fn();
    a.onLost(lost);
    expect((await b.tryAcquire()).grant).toMatchObject({ holder: 'b', epoch: 2 });
    await renew(a); // a resumes: its renewal finds another holder
    expect(lost).toHaveBeenCalledWith('taken over by another instance');
    expect(a.held).toBe(false);
    expect(await records.read('projector')).toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('a waiting instance polls until the holder releases, then takes the lease at once', async () => {
    const records = new InMemoryLeaseRecords();
    const a = make(records, 'a');
    const b = make(records, 'b');
    leases.push(a, b);
    await a.acquire();
    const waiting = jest.fn();
    const taken = b.acquire({ onWaiting: waiting });
    while (waiting.mock.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(waiting).toHaveBeenCalledTimes(1);
    await a.release();
    await expect(taken).resolves.toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('an aborted wait rejects; a renewal that fails only while the grant lasts is not a loss', async () => {
    const records = new InMemoryLeaseRecords();
    const a = make(records, 'a');
    const b = make(records, 'b');
    leases.push(a, b);
    await a.acquire();
    const abort = new AbortController();
    const waiting = b.acquire({ signal: abort.signal });
    abort.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');

    const failing = jest.spyOn(records, 'swap').mockRejectedValue(new Error('store down'));
    const lost = jest.fn();
    a.onLost(lost);
    now += 500;
    await renew(a);
    expect(lost).not.toHaveBeenCalled();
    now += 600; // past the grant while the store is still down
    await renew(a);
    expect(lost).toHaveBeenCalledWith(expect.stringMatching(/^expired while the lease store failed/));
    failing.mockRestore();
  });
});
