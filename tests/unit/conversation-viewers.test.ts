import { describe, expect, it } from 'vitest';
import { colleaguesHere, VIEWER_STALE_MS } from '../../schema/conversation-viewers.ts';

describe('colleaguesHere', () => {
  const now = 1_000_000;
  const rows = [
    { operatorId: 'me', operatorName: 'Me', seenAt: now, typingUntil: now + 5_000 },
    { operatorId: 'ada', operatorName: 'Ada', seenAt: now - 1_000, typingUntil: now + 3_000 },
    { operatorId: 'olga', operatorName: 'Olga', seenAt: now - 10_000, typingUntil: now - 1 },
    { operatorId: 'gone', operatorName: 'Gone', seenAt: now - VIEWER_STALE_MS, typingUntil: now + 9_000 },
  ];

  it('lists every colleague whose row is there, never me, and those whose typing has not lapsed', () => {
    // A row seen long ago is still a colleague here: heartbeats are private, the sweep deletes the silent.
    const { viewing, typing } = colleaguesHere(rows, 'me', now);
    expect(viewing.map((r) => r.operatorId)).toEqual(['ada', 'olga', 'gone']);
    expect(typing.map((r) => r.operatorId)).toEqual(['ada', 'gone']);
  });
});
