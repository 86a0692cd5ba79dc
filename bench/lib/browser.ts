// What the browser scenarios share: how Chromium is launched and the production client they load.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../tests/support/stack.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The production bundle in dist/, rebuilt when client/ or schema/ changed since, or when dist holds a
 * development build (React's jsxDEV): `vite build` under NODE_ENV=development, as scripts/start.ts does
 * when started from such an environment (the e2e config), bundles React's development build, several
 * times slower to render. Figures must be taken on what production serves.
 */
export function buildProductionClient() {
  const index = path.join(ROOT, 'dist/index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : statSync(p).mtimeMs > builtAt;
    });
  const assets = path.join(ROOT, 'dist/assets');
  const development =
    existsSync(assets) &&
    readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .some((f) => readFileSync(path.join(assets, f), 'utf8').includes('jsxDEV'));
  if (builtAt && !development && !['client', 'schema'].some((d) => newer(path.join(ROOT, d)))) return;
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}
