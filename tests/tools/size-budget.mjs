// Size budgets from DESIGN.md, checked on the built output:
// - the PWA's JavaScript loaded before the first screen: under 100 KB gzipped;
// - the extension's always-injected content script: under 30 KB gzipped.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let failed = false;

// PWA: the entry script and every module it preloads (what the browser fetches before first paint).
const html = readFileSync('dist/pwa/index.html', 'utf8');
const scripts = [
  ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
]
  .map((m) => m[1])
  .filter((src) => src.endsWith('.js'));
const pwaBytes = scripts.reduce(
  (sum, src) => sum + gz(join('dist/pwa', src.replace(/^\//, ''))),
  0,
);
console.log(
  `PWA first-load JavaScript: ${kb(pwaBytes)} gzipped (${scripts.length} files, budget 100 KB)`,
);
if (pwaBytes > 100 * 1024) failed = true;

// Extension: the content scripts the background injects first.
const ext = 'dist/extension/chrome-mv3/content-scripts';
if (existsSync(ext)) {
  for (const f of readdirSync(ext).filter((f) => f.endsWith('.js'))) {
    const bytes = gz(join(ext, f));
    console.log(`Extension content script ${f}: ${kb(bytes)} gzipped (budget 30 KB)`);
    if (bytes > 30 * 1024) failed = true;
  }
}
if (failed) {
  console.error('A size budget is exceeded: lazy-load what the first screen does not need.');
  process.exit(1);
}
