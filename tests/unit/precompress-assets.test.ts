import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { precompressAssets } from '../../scripts/precompress-assets.ts';

// The hook's own parameter types (Vite's bundler's), without importing the bundler.
type WriteBundle = (options: { dir?: string }, bundle: Record<string, unknown>) => void;

describe('precompressAssets', () => {
  it('writes .br and .gz beside every compressible asset worth it, not beside maps or tiny files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdesk-precompress-'));
    mkdirSync(path.join(dir, 'assets'));
    const big = `console.log(${JSON.stringify('x'.repeat(5000))});`;
    const css = `.a{color:red}\n`.repeat(200);
    const bundle = {
      'assets/index-abc.js': { type: 'chunk', fileName: 'assets/index-abc.js', code: big },
      'assets/index-abc.js.map': { type: 'asset', fileName: 'assets/index-abc.js.map', source: big },
      'assets/index-abc.css': {
        type: 'asset',
        fileName: 'assets/index-abc.css',
        source: new TextEncoder().encode(css),
      },
      'assets/tiny-abc.js': { type: 'chunk', fileName: 'assets/tiny-abc.js', code: 'export {};' },
    } as Record<string, unknown>;
    const plugin = precompressAssets();
    const writeBundle = plugin.writeBundle as unknown as WriteBundle;
    writeBundle.call({}, { dir }, bundle);
    const at = (f: string) => path.join(dir, f);
    expect(brotliDecompressSync(readFileSync(at('assets/index-abc.js.br'))).toString()).toBe(big);
    expect(gunzipSync(readFileSync(at('assets/index-abc.js.gz'))).toString()).toBe(big);
    expect(brotliDecompressSync(readFileSync(at('assets/index-abc.css.br'))).toString()).toBe(css);
    expect(existsSync(at('assets/index-abc.js.map.br'))).toBe(false);
    expect(existsSync(at('assets/tiny-abc.js.br'))).toBe(false);
  });
});
