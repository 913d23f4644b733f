import { structuralDiff } from './diff';

describe('structural diff of two states’ views', () => {
  it('reports each changed leaf with its dotted path, before and after', () => {
    const before = { profile: { nickname: 'Ann', industry: null, status: 'active' }, security: { mfa: { virtual: false, hardware: false } } };
    const after = { profile: { nickname: 'Bea', industry: 'media', status: 'active' }, security: { mfa: { virtual: true, hardware: false } } };
    expect(structuralDiff(before, after)).toEqual([
      { path: 'profile.nickname', before: 'Ann', after: 'Bea' },
      { path: 'profile.industry', before: null, after: 'media' },
      { path: 'security.mfa.virtual', before: false, after: true },
    ]);
  });

  it('addresses rows by their type (or id), so reordering is no change', () => {
    const rows = (wechat: string) => [
      { type: 'email', state: 'bound' },
      { type: 'wechat', state: wechat },
    ];
    expect(structuralDiff({ methods: rows('unbound') }, { methods: [...rows('bound')].reverse() })).toEqual([{ path: 'methods[wechat].state', before: 'unbound', after: 'bound' }]);
    expect(structuralDiff({ list: [1, 2] }, { list: [1, 3, 4] })).toEqual([
      { path: 'list[1]', before: 2, after: 3 },
      { path: 'list[2]', before: null, after: 4 },
    ]);
  });

  it('reports fields that appeared or disappeared, and everything when one side is null', () => {
    expect(structuralDiff({ a: 1, b: 2 }, { a: 1, c: 3 })).toEqual([
      { path: 'c', before: null, after: 3 },
      { path: 'b', before: 2, after: null },
    ]);
    expect(structuralDiff(null, { profile: { nickname: 'Ann' } })).toEqual([{ path: 'profile.nickname', before: null, after: 'Ann' }]);
  });

  it('compares objects and arrays that became empty as values, and leaves ignored paths out', () => {
    expect(structuralDiff({ a: { x: 1 } }, { a: {} })).toEqual([
      { path: 'a', before: null, after: {} },
      { path: 'a.x', before: 1, after: null },
    ]);
    expect(structuralDiff({ p: { revision: 1, n: 'a' } }, { p: { revision: 2, n: 'a' } }, (path) => path.endsWith('.revision'))).toEqual([]);
    expect(structuralDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
