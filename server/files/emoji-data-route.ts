import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { AppBindings } from '../http/app-context.ts';

const FILES = ['data.json', 'messages.json'] as const;

/**
 * Serves the composer emoji picker's data (emojibase-data, English) from our own origin, so it works
 * on closed networks and without third-party requests: GET /api/emoji/en/{data,messages}.json.
 */
export function emojiDataRoute() {
  const require = createRequire(import.meta.url);
  const cache = new Map<string, { body: string; etag: string }>();
  const load = (file: string) => {
    let hit = cache.get(file);
    if (!hit) {
      const body = readFileSync(require.resolve(`emojibase-data/en/${file}`), 'utf8');
      hit = { body, etag: `"${createHash('sha1').update(body).digest('hex')}"` };
      cache.set(file, hit);
    }
    return hit;
  };
  const app = new Hono<AppBindings>();
  app.on(['GET', 'HEAD'], '/api/emoji/en/:file', (c) => {
    const file = c.req.param('file');
    if (!(FILES as readonly string[]).includes(file)) return c.notFound();
    const { body, etag } = load(file);
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=86400');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.req.method === 'HEAD' ? c.body(null, 200) : c.body(body, 200);
  });
  return app;
}
