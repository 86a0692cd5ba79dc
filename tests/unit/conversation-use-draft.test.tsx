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

  it('sending clears the box at once and deletes the saved draft right after, or on pagehide if sooner', () => {
    vi.useFakeTimers();
    try {
      result = [{ body: 'the reply' }, { type: 'complete' }];
      const { result: hook } = renderHook(() => useDraft('cv-3', true));
      act(() => hook.current.clear());
      expect(hook.current.text).toBe('');
      expect(mutate).not.toHaveBeenCalled();
      act(() => vi.runAllTimers());
      expect(mutate).toHaveBeenCalledTimes(1);

      mutate.mockReset();
      act(() => hook.current.clear());
      window.dispatchEvent(new Event('pagehide'));
      expect(mutate).toHaveBeenCalledTimes(1);
      act(() => vi.runAllTimers());
      expect(mutate).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
