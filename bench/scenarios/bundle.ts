// Issue 12's bundle budget: the JavaScript the Chats route needs before it can paint, gzipped, from a
// production build's manifest (scripts/bundle-size.ts). No stack, no browser: a build and a sum.
import { buildAndMeasureInitialJs } from '../../scripts/bundle-size.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export async function bundleScenario(): Promise<ScenarioResult> {
  const result = await buildAndMeasureInitialJs();
  return {
    name: 'bundle',
    figures: [
      figure(
        'ui_initial_js',
        'Initial JavaScript for the Chats route (gzipped)',
        Math.round(result.gzipBytes / 100) / 10,
        'kB',
        { op: '<=', value: 250 },
        `${result.chunks.length} chunks, ${Math.round(result.rawBytes / 1000)} kB before gzip`,
      ),
    ],
    details: { chunks: result.chunks },
  };
}
