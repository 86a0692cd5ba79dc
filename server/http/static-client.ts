import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppBindings } from './app-context.ts';

/**
 * Serves the built web client (dist/) with an SPA fallback; hashed assets are cached for a year, and sent
 * Brotli- or gzip-encoded from the files the build wrote beside them (scripts/precompress-assets.ts) to a
 * browser that accepts it.
 */
export function staticClient(distDir: string) {
  const app = new Hono<AppBindings>();
  const indexFile = path.join(distDir, 'index.html');
  const root = path.relative(process.cwd(), distDir) || '.';
  // Source maps stay on the server (vite.config.ts writes them "hidden"): the source is not published.
  app.get('*', async (c, next) => (c.req.path.endsWith('.map') ? c.text('Not found', 404) : next()));
  app.use(
    '/assets/*',
    async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
    serveStatic({ root, precompressed: true }),
  );
  app.use('*', serveStatic({ root, precompressed: true }));
  app.get('*', (c) => {
    if (!existsSync(indexFile)) {
      return c.text('The web client is not built yet: run `npm run build` (npm start does it for you).', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexFile, 'utf8'));
  });
  return app;
}
