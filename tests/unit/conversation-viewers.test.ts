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

  it('lists colleagues with a fresh heartbeat, never me, and those whose typing has not lapsed', () => {
    const { viewing, typing } = colleaguesHere(rows, 'me', now);
    expect(viewing.map((r) => r.operatorId)).toEqual(['ada', 'olga']);
    expect(typing.map((r) => r.operatorId)).toEqual(['ada']);
  });
});
