import type { createSettingsTestApp } from './permissions-harness.ts';

type App = ReturnType<typeof createSettingsTestApp>;

/** Creates an API token through the admin route, as an admin does in Settings; returns the clear token. */
export async function createToken(app: App, adminCookie: string, operatorId: string, name = operatorId) {
  const res = await app.request('/api/settings/api-tokens', {
    method: 'POST',
    headers: { cookie: adminCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name, operatorId }),
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string; token: string }).token;
}

/** A bearer-token client for /api/v1. */
export function apiClient(app: App) {
  return async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: json as Record<string, unknown> & { data?: unknown },
    };
  };
}
