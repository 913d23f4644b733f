import { DomainErrorException } from '@acc/kernel';
import { decodeCursor, encodeCursor } from './cursor';
import { atOrAfter, atOrBefore, parseMoment } from './moment';

describe('history cursors and moments', () => {
  it('round-trips a cursor and refuses one of another order or a forged one', () => {
    const cursor = encodeCursor({ order: 'newest', position: 42 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'newest')).toEqual({ order: 'newest', position: 42 });
    expect(() => decodeCursor(cursor, 'oldest')).toThrow(DomainErrorException);
    expect(() => decodeCursor('not-a-cursor', 'oldest')).toThrow(DomainErrorException);
    expect(() => decodeCursor(Buffer.from('{"o":"oldest","p":-1}').toString('base64url'), 'oldest')).toThrow(DomainErrorException);
  });

  it('reads a moment as a position or an ISO time, inclusive on both sides', () => {
    expect(parseMoment('1042')).toEqual({ position: 1042 });
    expect(parseMoment('2026-07-01T10:00:00+02:00')).toEqual({ time: '2026-07-01T08:00:00.000Z' });
    expect(() => parseMoment('yesterday')).toThrow(DomainErrorException);
    expect(() => parseMoment('2026-13-45')).toThrow(DomainErrorException);
    const event = { position: 7, recordedAt: '2026-07-01T08:00:00.000Z' };
    expect([atOrBefore(event, { position: 7 }), atOrBefore(event, { position: 6 }), atOrAfter(event, { position: 7 }), atOrAfter(event, { position: 8 })]).toEqual([true, false, true, false]);
    expect([atOrBefore(event, { time: '2026-07-01T08:00:00.000Z' }), atOrAfter(event, { time: '2026-07-01T08:00:00.001Z' })]).toEqual([true, false]);
  });
});
