import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../client/auth/use-session.ts';
import { rememberedSession, rememberSession } from '../../client/conversation/offline-session.ts';

const session = {
  operator: {
    id: 'op-1',
    name: 'Ada',
    email: 'ada@example.com',
    role: 'operator',
    canSendTemplates: true,
    channelScope: null,
  },
  zero: { url: null, port: 4848 },
  licence: { chats: true },
  timeZone: 'Europe/Berlin',
};

const answer = (status: number, body?: unknown) =>
  vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));

describe('useSession', () => {
  const reload = vi.fn();
  beforeEach(() => {
    localStorage.clear();
    vi.stubGlobal('location', { ...window.location, reload });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    reload.mockReset();
  });

  it('a returning operator opens at once with the remembered session; the same answer changes nothing', async () => {
    rememberSession(session);
    let release: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (release = resolve))),
    );
    const { result } = renderHook(() => useSession());
    // Before the server has answered.
    expect(result.current.state).toEqual({ status: 'signed-in', session });
    const first = result.current.state;
    await act(async () => release(new Response(JSON.stringify(session), { status: 200 })));
    expect(result.current.state).toBe(first);
  });

  it('without a remembered session it waits for the server', async () => {
    vi.stubGlobal('fetch', answer(200, session));
    const { result } = renderHook(() => useSession());
    expect(result.current.state).toEqual({ status: 'loading' });
    await vi.waitFor(() => expect(result.current.state).toEqual({ status: 'signed-in', session }));
    expect(rememberedSession()).toEqual(session);
  });

  it("another operator's answer replaces the remembered session", async () => {
    rememberSession(session);
    const other = { ...session, operator: { ...session.operator, id: 'op-2', name: 'Grace' } };
    vi.stubGlobal('fetch', answer(200, other));
    const { result } = renderHook(() => useSession());
    await vi.waitFor(() => expect(result.current.state).toEqual({ status: 'signed-in', session: other }));
  });

  it('a 401 after opening with the remembered session forgets it and starts again signed out', async () => {
    rememberSession(session);
    vi.stubGlobal('fetch', answer(401));
    renderHook(() => useSession());
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(rememberedSession()).toBeNull();
  });

  it('no network: stays with the remembered session', async () => {
    rememberSession(session);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const { result } = renderHook(() => useSession());
    await act(async () => {});
    expect(result.current.state).toEqual({ status: 'signed-in', session });
    expect(reload).not.toHaveBeenCalled();
  });
});
