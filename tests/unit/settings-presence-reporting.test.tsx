import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_HEARTBEAT_MS } from '../../schema/operator-presence.ts';

// The hook under test reports changes through Zero's mutate and beats through fetch('/api/heartbeat');
// the test records both and plays the server's answer.
const sent: string[] = [];
const beats: unknown[] = [];
let rowAgrees = true;
const zero = {
  mutate: (m: { args: { presence: string } }) => {
    sent.push(m.args.presence);
    return { server: Promise.resolve() };
  },
};
vi.mock('@rocicorp/zero/react', () => ({ useZero: () => zero }));
const { usePresenceReporting } = await import('../../client/settings/use-presence-reporting.ts');

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
  document.dispatchEvent(new Event('visibilitychange'));
};
const settle = () => act(() => vi.advanceTimersByTimeAsync(0));

describe('usePresenceReporting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sent.length = 0;
    beats.length = 0;
    rowAgrees = true;
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { presence: string };
      beats.push(body);
      return new Response(JSON.stringify({ presence: rowAgrees }), { status: 200 });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('beats without writing while the synced row agrees, and reports changes through Zero', async () => {
    renderHook(() => usePresenceReporting());
    await settle();
    await act(() => vi.advanceTimersByTimeAsync(2 * PRESENCE_HEARTBEAT_MS));
    expect(beats).toEqual([{ presence: 'online' }, { presence: 'online' }, { presence: 'online' }]);
    expect(sent).toEqual([]);
    setVisibility('hidden');
    expect(sent).toEqual(['away']);
  });

  it('reports again when the server answers that the row says otherwise (swept offline)', async () => {
    rowAgrees = false;
    renderHook(() => usePresenceReporting());
    await settle();
    expect(sent).toEqual(['online']);
    rowAgrees = true;
    await act(() => vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS));
    expect(sent).toEqual(['online']);
  });

  it('reports through Zero on opening when the beat does not get through (offline)', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    renderHook(() => usePresenceReporting());
    await settle();
    expect(sent).toEqual(['online']);
  });

  it('reports nothing while the page is being left (a reload), and again once it is shown from the cache', async () => {
    renderHook(() => usePresenceReporting());
    await settle();
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    setVisibility('hidden');
    await act(() => vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS));
    expect(sent).toEqual([]);
    expect(beats).toHaveLength(1);
    setVisibility('visible');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await settle();
    setVisibility('hidden');
    expect(sent).toEqual(['away']);
  });
});
