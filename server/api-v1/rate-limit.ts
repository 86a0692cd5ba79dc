/**
 * A fixed-window request limit per key (an API token), in this process's memory. With several API
 * processes each enforces its own window, which bounds a token at N × limit: enough to stop a runaway
 * script; Meta's own per-number throughput is enforced by the outbox.
 */
export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterSec: number } {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
        if (windows.size > 10_000) {
          for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        }
      }
      if (w.count >= limit)
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
      w.count++;
      return { ok: true, remaining: limit - w.count };
    },
  };
}
