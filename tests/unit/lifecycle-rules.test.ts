import { describe, expect, it } from 'vitest';
import { canOwn, pickAssignees, type RoundRobinCandidate } from '../../schema/assignment.ts';
import { canApply, statusShown } from '../../schema/conversation-lifecycle.ts';

describe('conversation lifecycle rules', () => {
  it('resolves and snoozes what is open or pending, reopens what is pending or resolved', () => {
    expect(['open', 'pending', 'resolved', 'closed'].filter((s) => canApply('resolve', s as never))).toEqual([
      'open',
      'pending',
    ]);
    expect(['open', 'pending', 'resolved', 'closed'].filter((s) => canApply('snooze', s as never))).toEqual([
      'open',
      'pending',
    ]);
    expect(['open', 'pending', 'resolved', 'closed'].filter((s) => canApply('reopen', s as never))).toEqual([
      'pending',
      'resolved',
    ]);
  });

  it('shows a snooze whose time has passed as open before the sweep writes it', () => {
    expect(statusShown({ state: 'pending', snoozedUntil: null }, 100)).toBe('snoozed');
    expect(statusShown({ state: 'pending', snoozedUntil: 101 }, 100)).toBe('snoozed');
    expect(statusShown({ state: 'pending', snoozedUntil: 100 }, 100)).toBe('open');
    expect(statusShown({ state: 'resolved' }, 100)).toBe('resolved');
    expect(statusShown({ state: 'open' }, 100)).toBe('open');
  });
});

const op = (id: string, over: Partial<RoundRobinCandidate> = {}): RoundRobinCandidate => ({
  id,
  role: 'operator',
  active: true,
  channelScope: null,
  load: 0,
  lastAssignedAt: null,
  ...over,
});

describe('round-robin assignment', () => {
  it('only active writers who see the channel may own a conversation', () => {
    expect(canOwn(op('a'), 'ch1')).toBe(true);
    expect(canOwn(op('a', { role: 'readonly' }), 'ch1')).toBe(false);
    expect(canOwn(op('a', { active: false }), 'ch1')).toBe(false);
    expect(canOwn(op('a', { channelScope: ['ch2'] }), 'ch1')).toBe(false);
    expect(canOwn(op('a', { channelScope: ['ch1'] }), 'ch1')).toBe(true);
  });

  it('goes to the fewest conversations, then the longest waiting, and never beyond the cap', () => {
    const convs = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ id, channelId: 'ch1' }));
    const picks = pickAssignees(
      convs,
      [
        op('a', { load: 1, lastAssignedAt: 5 }),
        op('b', { load: 0, lastAssignedAt: 9 }),
        op('c', { load: 1, lastAssignedAt: 1 }),
      ],
      2,
    );
    // b (0) first; then everyone has 1: c (longest since), a, then b again; c and a are full at 2.
    expect([...picks]).toEqual([
      ['c1', 'b'],
      ['c2', 'c'],
      ['c3', 'a'],
      ['c4', 'b'],
    ]);
  });

  it('leaves a conversation unassigned when nobody online may own it', () => {
    const picks = pickAssignees(
      [{ id: 'c1', channelId: 'ch2' }],
      [op('a', { channelScope: ['ch1'] }), op('r', { role: 'readonly' })],
      5,
    );
    expect(picks.size).toBe(0);
  });
});
