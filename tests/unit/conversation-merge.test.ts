import { describe, expect, it } from 'vitest';
import { conversationLabel, mergedStateFrom, mergeRefusal } from '../../schema/conversation-merge.ts';
import { type MergeSide, mergedSummary } from '../../server/merge/merged-summary.ts';

const side = (over: Partial<MergeSide> & { id: string }): MergeSide => ({
  state: 'open',
  snoozedUntil: null,
  resolvedAt: null,
  resolvedBy: null,
  participantName: '',
  participantPhone: '',
  last: null,
  lastOperatorId: null,
  lastOperatorName: null,
  unreadCount: 0,
  awaitingReply: false,
  awaitingSince: null,
  customerLastMessageAt: null,
  assigneeId: null,
  assigneeName: null,
  assignedAt: null,
  threadControl: null,
  threadControlAt: null,
  billableCount: 0,
  createdAt: 0,
  ...over,
});

describe('which conversations may be merged', () => {
  it('refuses itself and another business number, allows the same number', () => {
    expect(mergeRefusal({ id: 'a', channelId: 'x' }, { id: 'a', channelId: 'x' })).toMatch(/itself/);
    expect(mergeRefusal({ id: 'a', channelId: 'x' }, { id: 'b', channelId: 'y' })).toMatch(
      /same business number/,
    );
    expect(mergeRefusal({ id: 'a', channelId: 'x' }, { id: 'b', channelId: 'x' })).toBeNull();
  });

  it('keeps the more active state', () => {
    expect(mergedStateFrom('resolved', 'open')).toBe('source');
    expect(mergedStateFrom('pending', 'resolved')).toBe('target');
    expect(mergedStateFrom('open', 'open')).toBe('target');
    expect(mergedStateFrom('closed', 'pending')).toBe('source');
  });

  it('labels a conversation by number and customer', () => {
    expect(conversationLabel({ number: 7, participantName: 'Jana', participantPhone: '+420' })).toBe(
      '#7 Jana',
    );
    expect(conversationLabel({ number: 7, participantName: '', participantPhone: '@jana' })).toBe('#7 @jana');
    expect(conversationLabel({ number: 7, participantName: '', participantPhone: '' })).toBe('#7');
  });
});

describe('mergedSummary', () => {
  it('takes the later last message, adds the counts, keeps the earliest start and the latest window', () => {
    const target = side({
      id: 't',
      last: { id: 'm2', at: 200, arrival: 2 },
      unreadCount: 1,
      billableCount: 3,
      createdAt: 150,
      customerLastMessageAt: 200,
    });
    const source = side({
      id: 's',
      last: { id: 'm3', at: 300, arrival: 3 },
      unreadCount: 2,
      billableCount: 1,
      createdAt: 100,
      customerLastMessageAt: 300,
    });
    expect(mergedSummary(target, source, null, [])).toMatchObject({
      lastFrom: 's',
      unreadCount: 3,
      billableCount: 4,
      createdAt: 100,
      customerLastMessageAt: 300,
      awaitingReply: false,
    });
  });

  it('waits only for customer messages after the latest reply in either thread, from where each thread waited', () => {
    const target = side({ id: 't', awaitingReply: true, awaitingSince: 100 });
    const source = side({ id: 's', awaitingReply: true, awaitingSince: 50 });
    const candidates = [
      { conversationId: 's', at: 50, arrival: 1, id: 'a' },
      { conversationId: 't', at: 100, arrival: 2, id: 'b' },
      { conversationId: 't', at: 400, arrival: 5, id: 'c' },
    ];
    // The business replied at 300 in one of the threads: 50 and 100 were answered by it.
    expect(mergedSummary(target, source, { at: 300, arrival: 4, id: 'r' }, candidates)).toMatchObject({
      awaitingReply: true,
      awaitingSince: 400,
    });
    expect(mergedSummary(target, source, null, candidates)).toMatchObject({ awaitingSince: 50 });
    // A thread an operator resolved without replying does not wait again.
    const answered = side({ id: 's', awaitingReply: false });
    expect(mergedSummary(side({ id: 't' }), answered, null, candidates)).toMatchObject({
      awaitingReply: false,
    });
  });

  it('keeps the kept conversation’s owner unless it has none, and the latest Business Agent routing', () => {
    const target = side({ id: 't', threadControlAt: 10 });
    const source = side({ id: 's', assigneeId: 'op-1', threadControlAt: 20 });
    expect(mergedSummary(target, source, null, [])).toMatchObject({
      assigneeFrom: 's',
      threadControlFrom: 's',
    });
    const owned = side({ id: 't', assigneeId: 'op-2' });
    expect(mergedSummary(owned, source, null, [])).toMatchObject({ assigneeFrom: 't' });
  });
});
