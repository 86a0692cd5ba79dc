import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { staticClient } from '../../server/http/static-client.ts';

// The built client's assets leave the server encoded, from the files the build wrote beside them
// (scripts/precompress-assets.ts), to a browser that accepts the encoding; as they are to one that does not.
describe('the web client is served compressed', () => {
  const code = `export const rows = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `row ${i}`))};\n`;
  const dist = mkdtempSync(path.join(tmpdir(), 'cdesk-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  const file = path.join(dist, 'assets', 'index-abc.js');
  writeFileSync(file, code);
  writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from(code)));
  writeFileSync(`${file}.gz`, gzipSync(Buffer.from(code)));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
  const client = staticClient(dist);
  const get = (encoding?: string) =>
    client.request('/assets/index-abc.js', encoding ? { headers: { 'Accept-Encoding': encoding } } : {});

  it('as Brotli to a browser that accepts it, still cached for a year', async () => {
    const res = await get('gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(code.length / 3);
    expect(brotliDecompressSync(body).toString()).toBe(code);
  });

  it('as gzip to one that accepts only gzip, and as it is to one that accepts neither', async () => {
    const gz = await get('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(code);
    const plain = await get();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(code);
  });
});
