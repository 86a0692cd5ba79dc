import { settingsStrings as s } from '../i18n/settings-strings.ts';

export type ApiFailure = {
  ok: false;
  status: number;
  code: string;
  message: string;
  /** Per-field messages from the server's validation (details.fields). */
  fields: Record<string, string>;
};
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

/** JSON to and from the settings routes, with the server's one error shape unpacked. */
export async function settingsFetch<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: s.errors.network, fields: {} };
  }
  const json = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: { fields?: Record<string, string> } };
  } | null;
  if (!res.ok) {
    return {
      ok: false,
      status: res.status,
      code: json?.error?.code ?? `http_${res.status}`,
      message: json?.error?.message ?? `Server answered ${res.status}`,
      fields: json?.error?.details?.fields ?? {},
    };
  }
  return { ok: true, data: json as T };
}
