// `npm test`: format, lint, types, unit tests, builds (PWA, Chrome, Firefox, e2e), Firefox lint,
// size budgets, then the Playwright end-to-end tests in Debian's Chromium.
import { findChromium, missingChromiumMessage } from './chromium.mjs';
import { step } from './run.mjs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const chromium = findChromium();
if (!chromium) {
  console.error(missingChromiumMessage);
  process.exit(1);
}
const npx = 'npx';
await step('format (prettier)', npx, ['prettier', '--check', '.', '--log-level', 'warn']);
await step('lint (eslint, import boundaries)', npx, [
  'eslint',
  '-c',
  '.config/eslint.config.js',
  '.',
  '--max-warnings',
  '0',
]);
await step('types (tsc, one config per runtime)', 'node', ['tests/tools/typecheck.mjs']);
const unitJson = join(tmpdir(), `storelens-vitest-${process.pid}.json`);
const e2eJson = join(tmpdir(), `storelens-playwright-${process.pid}.json`);
await step(
  'unit tests (vitest)',
  npx,
  [
    'vitest',
    'run',
    '-c',
    'tests/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${unitJson}`,
  ],
  {
    env: {
      ...process.env,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --require ./tests/tools/node-polyfills.cjs`.trim(),
    },
  },
);
await step('build PWA', npx, ['vite', 'build', '--logLevel', 'warn']);
await step('build extension (chrome-mv3)', npx, ['wxt', 'build']);
await step('build extension (firefox)', npx, ['wxt', 'build', '-b', 'firefox']);
await step('build extension (e2e)', 'npm', ['run', '--silent', 'build:ext:e2e']);
await step('Firefox lint (web-ext)', 'node', ['tests/tools/webext-lint.mjs']);
await step('size budgets', 'node', ['tests/tools/size-budget.mjs']);
await step(
  'end-to-end (playwright)',
  npx,
  ['playwright', 'test', '-c', 'tests/playwright.config.ts', '--reporter=list,json'],
  { env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson } },
);

// One closing line over both runners (every step above already stopped on a failure).
const unit = JSON.parse(readFileSync(unitJson, 'utf8'));
const e2e = JSON.parse(readFileSync(e2eJson, 'utf8'));
const passed = unit.numPassedTests + (e2e.stats?.expected ?? 0) + (e2e.stats?.flaky ?? 0);
const failed = unit.numFailedTests + (e2e.stats?.unexpected ?? 0);
const skipped = unit.numPendingTests + (e2e.stats?.skipped ?? 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
