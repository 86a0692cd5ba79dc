import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressAssets } from './scripts/precompress-assets.ts';

const apiPort = process.env.API_PORT ?? '3001';
// Host is kept (Vite's string shorthand would rewrite it): the API checks that a write's Origin is the
// host the browser addressed, here Vite's.
const api = { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false };

export default defineConfig({
  root: 'client',
  plugins: [react(), precompressAssets()],
  // The manifest lets scripts/bundle-size.ts count the Chats route's initial JavaScript.
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // Maps are written for decoding a stack trace by hand but not referenced from the bundles, and the
    // API never serves them (static-client.ts): the source stays private (issue 14.3).
    sourcemap: 'hidden',
    manifest: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': api,
      '/webhooks': api,
      '/healthz': api,
      '/files': api,
      '/simulator-api': api,
      // The Zero sync websocket, relayed by the API to zero-cache (not all of /zero: client/zero/ is
      // served from there in development).
      '/zero/sync/': { ...api, ws: true },
    },
  },
});
