import { EventSchemaRegistry } from '@acc/kernel';
import { ORGANIZATIONS_EVENT_SCHEMAS } from './index';
import { memberEntered, subUserCreated } from './testing/builders';

describe('organisations event schemas', () => {
  const registry = new EventSchemaRegistry().register(...ORGANIZATIONS_EVENT_SCHEMAS);

  it('declares a member name personal data, keyed per member', () => {
    expect(registry.get('MemberEnteredRange')).toMatchObject({ personalData: ['name'], subjectField: 'memberId' });
    expect(memberEntered().data.memberId).toBe('wwcorp0001:zhang.san');
  });

  it('carries no name outside MemberEnteredRange (ids, keyed-hash refs, policies and groups only)', () => {
    const undeclared = ORGANIZATIONS_EVENT_SCHEMAS.filter((s) => s.type !== 'MemberEnteredRange' && (s.personalData ?? []).length > 0);
    expect(undeclared).toEqual([]);
    expect(Object.keys(subUserCreated().data)).not.toContain('name');
  });
});
