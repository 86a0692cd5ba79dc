import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../client/auth/use-session.ts';

const KEY = 'cdesk.session.v1';
const session = (name: string) => ({
  operator: {
    id: 'op-1',
    name,
    email: 'olga@example.com',
    role: 'operator',
    canSendTemplates: true,
    channelScope: null,
  },
  zero: { url: null, port: 4848 },
  licence: { chats: true },
  timeZone: 'Europe/Berlin',
});
const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('useSession: the app opens from the remembered session', () => {
  const reload = vi.fn();
  beforeEach(() => {
    localStorage.clear();
    reload.mockReset();
    vi.stubGlobal('location', { ...window.location, reload });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is signed in at the first render when the browser holds a confirmed session', () => {
    localStorage.setItem(KEY, JSON.stringify(session('Olga')));
    vi.stubGlobal('fetch', () => new Promise<Response>(() => {})); // the server has not answered yet
    const { result } = renderHook(() => useSession());
    expect(result.current.state).toEqual({ status: 'signed-in', session: session('Olga') });
  });

  it('waits for the server when nothing is remembered', async () => {
    vi.stubGlobal('fetch', async () => answer(200, session('Olga')));
    const { result } = renderHook(() => useSession());
    expect(result.current.state.status).toBe('loading');
    await waitFor(() => expect(result.current.state.status).toBe('signed-in'));
    expect(JSON.parse(localStorage.getItem(KEY) ?? 'null')).toEqual(session('Olga'));
  });

  it("takes the server's session when it changed, and keeps the same state when it did not", async () => {
    localStorage.setItem(KEY, JSON.stringify(session('Olga')));
    vi.stubGlobal('fetch', async () => answer(200, session('Olga')));
    const same = renderHook(() => useSession());
    const first = same.result.current.state;
    await waitFor(() => expect(localStorage.getItem(KEY)).not.toBeNull());
    await new Promise((r) => setTimeout(r, 10));
    expect(same.result.current.state).toBe(first);

    vi.stubGlobal('fetch', async () => answer(200, session('Olga Petrova')));
    const changed = renderHook(() => useSession());
    await waitFor(() =>
      expect(changed.result.current.state).toEqual({ status: 'signed-in', session: session('Olga Petrova') }),
    );
  });

  it('forgets the session and starts again signed out when the server refuses it', async () => {
    localStorage.setItem(KEY, JSON.stringify(session('Olga')));
    vi.stubGlobal('fetch', async () => answer(401, { error: 'unauthenticated' }));
    renderHook(() => useSession());
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});
