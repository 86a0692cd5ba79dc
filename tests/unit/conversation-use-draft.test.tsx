import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The hook under test reads Zero through these two; the test plays the local replica and the server.
type Result = [{ body: string } | undefined, { type: 'unknown' | 'complete' }];
let result: Result = [undefined, { type: 'unknown' }];
const mutate = vi.fn();
// One Zero instance, as the app's provider gives.
const zero = { mutate: (...args: unknown[]) => mutate(...args) };
vi.mock('@rocicorp/zero/react', () => ({
  useQuery: () => result,
  useZero: () => zero,
}));
const { useDraft } = await import('../../client/conversation/use-draft.ts');

describe('useDraft', () => {
  beforeEach(() => {
    result = [undefined, { type: 'unknown' }];
    mutate.mockReset();
  });

  it('drops a stale local draft once the server answers that there is none (a reload right after sending)', () => {
    result = [{ body: 'already sent' }, { type: 'unknown' }];
    const { result: hook, rerender } = renderHook(() => useDraft('cv-1', true));
    expect(hook.current.text).toBe('already sent');
    result = [undefined, { type: 'complete' }];
    rerender();
    expect(hook.current.text).toBe('');
  });

  it("keeps the server's draft, and the operator's typing over a draft that arrives later", () => {
    result = [{ body: 'half-written' }, { type: 'complete' }];
    const { result: hook, rerender } = renderHook(() => useDraft('cv-1', true));
    expect(hook.current.text).toBe('half-written');
    act(() => hook.current.setText('half-written, now more'));
    result = [{ body: 'from another device' }, { type: 'complete' }];
    rerender();
    expect(hook.current.text).toBe('half-written, now more');
  });

  it('offline (no server answer) shows the local copy', () => {
    result = [{ body: 'typed yesterday' }, { type: 'unknown' }];
    const { result: hook } = renderHook(() => useDraft('cv-2', true));
    expect(hook.current.text).toBe('typed yesterday');
  });

  it('sending forgets the saved draft at once and empties the box after the frame with the reply', async () => {
    vi.useFakeTimers();
    try {
      result = [{ body: 'the reply' }, { type: 'complete' }];
      const { result: hook } = renderHook(() => useDraft('cv-3', true));
      // Typed, and sent before the pause that saves it.
      act(() => hook.current.setText('the reply, edited'));
      act(() => {
        hook.current.clear('the reply, edited');
      });
      // The Enter handler does not render the composer again (it empties the textarea's DOM itself).
      expect(hook.current.text).toBe('the reply, edited');
      expect(mutate).not.toHaveBeenCalled();
      await act(async () => {
        await vi.runAllTimersAsync();
      });
      expect(hook.current.text).toBe('');
      // One write: the deletion (an empty body), never the sent text.
      expect(mutate).toHaveBeenCalledTimes(1);
      expect(savedBodies()).toEqual(['']);

      mutate.mockReset();
      act(() => hook.current.setText('second'));
      act(() => {
        hook.current.clear('second');
      });
      window.dispatchEvent(new Event('pagehide'));
      expect(savedBodies()).toEqual(['']);
      await act(async () => {
        await vi.runAllTimersAsync();
      });
      expect(mutate).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes the draft's deletion only once the reply has been handed to Zero", async () => {
    result = [undefined, { type: 'complete' }];
    const { result: hook } = renderHook(() => useDraft('cv-5', true));
    let handOver: () => void = () => {};
    const handedOver = new Promise<void>((resolve) => {
      handOver = resolve;
    });
    act(() => hook.current.setText('sent'));
    act(() => {
      hook.current.clear('sent', handedOver);
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 80));
    });
    expect(mutate).not.toHaveBeenCalled();
    await act(async () => {
      handOver();
      await handedOver;
    });
    expect(savedBodies()).toEqual(['']);
  });

  it('keeps what the operator types between Enter and the frame that shows the reply', async () => {
    vi.useFakeTimers();
    try {
      result = [undefined, { type: 'complete' }];
      const { result: hook } = renderHook(() => useDraft('cv-4', true));
      act(() => hook.current.setText('sent'));
      act(() => {
        hook.current.clear('sent');
      });
      act(() => hook.current.setText('n'));
      await act(async () => {
        await vi.runAllTimersAsync();
      });
      expect(hook.current.text).toBe('n');
      expect(savedBodies()).toEqual(['n']);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** The bodies of the drafts written through Zero, in order. */
function savedBodies(): string[] {
  return mutate.mock.calls.map((call) => JSON.stringify(call[0]).match(/"body":"([^"]*)"/)?.[1] ?? '?');
}
