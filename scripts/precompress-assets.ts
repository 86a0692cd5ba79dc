import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What compresses well and is served by serveStatic from dist/assets (source maps are never served). */
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|txt|wasm)$/;
/** Below this, the headers of an encoded answer cost about what compression saves. */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (Brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every compressible asset of
 * a production build, once, at build time. The API serves them to browsers that accept them
 * (server/http/static-client.ts, Hono's `precompressed`): the Chats route's 807 kB of JavaScript leaves the
 * server as about 210 kB, with no compression work per request.
 */
export function precompressAssets(): Plugin {
  return {
    name: 'cdesk-precompress-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const source = output.type === 'chunk' ? output.code : output.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (bytes.length < MIN_BYTES) continue;
        const file = path.join(dir, fileName);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
