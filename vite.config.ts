import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiPort = process.env.API_PORT ?? '3001';
const api = `http://127.0.0.1:${apiPort}`;

export default defineConfig({
  root: 'client',
  plugins: [react()],
  // The manifest lets scripts/bundle-size.ts count the Chats route's initial JavaScript.
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
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
      // The Zero sync websocket, relayed by the API to zero-cache (Host kept: the API checks Origin).
      '/zero': { target: api, ws: true },
    },
  },
});
