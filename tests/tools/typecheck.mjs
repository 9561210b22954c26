// Type-checks each runtime with its own config, so code cannot call an API its runtime lacks:
// a worker has no `document`, analytics no web platform at all, the browser no `fs`.
import { spawnSync } from 'node:child_process';

export const CONFIGS = [
  'core/analytics/tsconfig.json', // pure: ES only
  'core/tsconfig.json', // workers, ingest, sync, db: ES + WebWorker
  'core/page/tsconfig.json', // page analysis: DOM
  'core/ui/tsconfig.json', // shared Preact components: DOM
  'pwa/tsconfig.json', // the app: DOM + Vite client
  'extension/tsconfig.json', // DOM + extension APIs
  'tsconfig.json', // tests, tools, configs: Node + DOM
];

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let failed = 0;
for (const config of CONFIGS) {
  const r = spawnSync(npx, ['tsc', '--noEmit', '-p', config], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`types: ${config} has errors (above).`);
  }
}
process.exit(failed ? 1 : 0);
