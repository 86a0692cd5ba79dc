// The last confirmed session, kept so the app can open without network (after a reload on a tablet that
// lost its connection): the operator keeps reading from Zero's IndexedDB store and queues replies. It
// holds only what /api/auth/session returns (name, role, scope, Zero address), never the HttpOnly cookie;
// the server still checks the cookie on every request once the network is back.
const KEY = 'cdesk.session.v1';

export function rememberSession(json: unknown): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(json));
  } catch {
    // Storage full or disabled: the app simply will not open offline.
  }
}

export function forgetSession(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // ignore
  }
}

export function rememberedSession(): unknown {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}
