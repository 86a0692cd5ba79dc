import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FIRST_PAGE } from '../../client/conversation/thread-first-page.ts';
import { usePreloadThread } from '../../client/conversation/use-preload-thread.ts';
import { queries } from '../../schema/queries.ts';

const zero = vi.hoisted(() => ({ preload: vi.fn(), cleanups: [] as ReturnType<typeof vi.fn>[] }));
vi.mock('@rocicorp/zero/react', async (original) => ({
  ...(await original<typeof import('@rocicorp/zero/react')>()),
  useZero: () => ({
    preload: (...args: unknown[]) => {
      zero.preload(...args);
      const cleanup = vi.fn();
      zero.cleanups.push(cleanup);
      return { cleanup, complete: Promise.resolve() };
    },
  }),
}));

describe('usePreloadThread', () => {
  it('starts syncing the query its thread opens with, one conversation at a time', async () => {
    const { result } = renderHook(() => usePreloadThread());
    result.current('c7');
    result.current('c7'); // the second press of the double click: already asked
    expect(zero.preload).toHaveBeenCalledTimes(1);
    const [query, options] = zero.preload.mock.calls[0] as [unknown, { ttl: string }];
    expect(JSON.stringify(query)).toBe(
      JSON.stringify(queries.messages.byConversation({ conversationId: 'c7', limit: FIRST_PAGE })),
    );
    expect(JSON.stringify(query)).not.toBe(
      JSON.stringify(queries.messages.byConversation({ conversationId: 'c7', limit: FIRST_PAGE + 1 })),
    );
    expect(options.ttl).toBeTruthy();
    result.current('c8');
    expect(zero.preload).toHaveBeenCalledTimes(2);
    expect(zero.cleanups[0]).toHaveBeenCalledTimes(1);
    expect(zero.cleanups[1]).not.toHaveBeenCalled();
  });
});
