// The JavaScript a browser must fetch before the Chats route can paint, gzipped: the entry chunk, every chunk
// it imports statically (transitively), and the Chats screen's own chunks when they are loaded lazily.
// Computed from Vite's manifest (vite.config.ts sets build.manifest), so it counts what the build emitted.
//
//   node scripts/bundle-size.ts            builds the client into a temporary directory and prints the figure
//   node scripts/bundle-size.ts --dist=dist  measures an existing build instead
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

/** Vite's manifest entry for one chunk (https://vite.dev/guide/backend-integration). */
type ManifestChunk = {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
type Manifest = Record<string, ManifestChunk>;

/** Manifest keys (paths under client/) of the modules the Chats route imports lazily, if any. */
export const CHATS_ROUTE_MODULES: readonly string[] = [];

export type InitialJs = {
  /** Sum of the gzipped sizes, bytes. */
  gzipBytes: number;
  /** Sum of the raw sizes, bytes. */
  rawBytes: number;
  chunks: { file: string; rawBytes: number; gzipBytes: number }[];
};

export function readManifest(distDir: string): Manifest {
  return JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** The chunks loaded before the route's first paint: entries plus their static imports, transitively. */
export function initialChunks(manifest: Manifest, routeModules: readonly string[]): string[] {
  const roots = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (roots.length === 0) throw new Error('the manifest has no entry chunk');
  for (const key of routeModules) {
    if (!manifest[key]) throw new Error(`${key} is not a chunk of the build (is it still imported lazily?)`);
  }
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const key of [...roots, ...routeModules]) visit(key);
  return [...seen].map((key) => manifest[key]?.file ?? key).filter((file) => file.endsWith('.js'));
}

/** Gzip at zlib's default level (what a server compressing on the fly sends) of each initial chunk. */
export function measureInitialJs(distDir: string, routeModules = CHATS_ROUTE_MODULES): InitialJs {
  const chunks = initialChunks(readManifest(distDir), routeModules).map((file) => {
    const bytes = readFileSync(path.join(distDir, file));
    return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
  chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    gzipBytes: chunks.reduce((sum, c) => sum + c.gzipBytes, 0),
    rawBytes: chunks.reduce((sum, c) => sum + c.rawBytes, 0),
    chunks,
  };
}

/** A production build of the client into `outDir` (never dist/, which a running server may be serving). */
export async function buildClient(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // NODE_ENV=development (the e2e environment) would bundle React's development build: measure production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds into a temporary directory, measures, and removes the build. */
export async function buildAndMeasureInitialJs(): Promise<InitialJs> {
  const temp = mkdtempSync(path.join(tmpdir(), 'cdesk-bundle-'));
  try {
    await buildClient(temp);
    return measureInitialJs(temp);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

if (import.meta.main) {
  const { values } = parseArgs({ options: { dist: { type: 'string' } } });
  const result = values.dist ? measureInitialJs(path.resolve(values.dist)) : await buildAndMeasureInitialJs();
  for (const c of result.chunks) {
    process.stdout.write(
      `${kB(c.gzipBytes).padStart(10)} gzip ${kB(c.rawBytes).padStart(10)} raw  ${c.file}\n`,
    );
  }
  process.stdout.write(
    `Initial JavaScript for the Chats route: ${kB(result.gzipBytes)} gzipped (${kB(result.rawBytes)} raw, ${result.chunks.length} chunks); budget 250 kB\n`,
  );
}
