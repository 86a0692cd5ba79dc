import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VIEWER_HEARTBEAT_MS } from '../../schema/conversation-viewers.ts';

// The hook under test writes through Zero's mutate and beats through fetch('/api/heartbeat'); the test
// records both and plays the server's answer.
const sent: string[] = [];
const beats: unknown[] = [];
let rowThere = true;
const zero = {
  mutate: (m: { mutator: { mutatorName: string } }) => {
    sent.push(m.mutator.mutatorName);
    return { server: Promise.resolve() };
  },
};
vi.mock('@rocicorp/zero/react', () => ({ useZero: () => zero }));
const { useViewerReporting } = await import('../../client/conversation/use-viewer-reporting.ts');

describe('useViewerReporting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sent.length = 0;
    beats.length = 0;
    rowThere = true;
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      beats.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ viewing: rowThere }), { status: 200 });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('writes the viewer row on opening, then beats without writing while the row is there', async () => {
    const { unmount } = renderHook(() => useViewerReporting('cv-1', true));
    await act(() => vi.advanceTimersByTimeAsync(2 * VIEWER_HEARTBEAT_MS));
    expect(sent).toEqual(['viewers.here']);
    expect(beats).toEqual([{ viewing: 'cv-1' }, { viewing: 'cv-1' }]);
    unmount();
    expect(sent).toEqual(['viewers.here', 'viewers.left']);
  });

  it('writes it again when the server answers that the row is gone (swept while the tab slept)', async () => {
    renderHook(() => useViewerReporting('cv-1', true));
    rowThere = false;
    await act(() => vi.advanceTimersByTimeAsync(VIEWER_HEARTBEAT_MS));
    expect(sent).toEqual(['viewers.here', 'viewers.here']);
  });

  it("says nothing until the conversation is in the local store (the browser's run of the mutator would refuse it)", async () => {
    const { rerender } = renderHook(({ known }) => useViewerReporting('cv-1', known), {
      initialProps: { known: false },
    });
    await act(() => vi.advanceTimersByTimeAsync(VIEWER_HEARTBEAT_MS));
    expect(sent).toEqual([]);
    expect(beats).toEqual([]);
    rerender({ known: true });
    expect(sent).toEqual(['viewers.here']);
  });
});
