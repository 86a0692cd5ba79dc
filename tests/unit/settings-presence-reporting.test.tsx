import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The hook under test reports through Zero's mutate; the test records what it sends.
const sent: string[] = [];
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

describe('usePresenceReporting', () => {
  beforeEach(() => {
    sent.length = 0;
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  });
  afterEach(() => vi.restoreAllMocks());

  it('reports online on start and away when the tab is hidden', () => {
    renderHook(() => usePresenceReporting());
    setVisibility('hidden');
    expect(sent).toEqual(['online', 'away']);
  });

  it('reports nothing while the page is being left (a reload), and again once it is shown from the cache', () => {
    renderHook(() => usePresenceReporting());
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    setVisibility('hidden');
    expect(sent).toEqual(['online']);
    setVisibility('visible');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(sent).toEqual(['online', 'online']);
  });
});
