import { defineConfig } from '@playwright/test';
// @ts-expect-error plain .mjs helper shared with the scripts
import { findChromium, chromiumArgs } from './tools/chromium.mjs';

const executablePath = findChromium() as string | undefined;

// Servers are started by Playwright (never reused: a stale server hides bugs).
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: 'node tests/e2e/servers/static.mjs dist/pwa 4173',
      cwd: '..',
      url: 'http://127.0.0.1:4173/',
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'node tests/e2e/servers/storefront.mjs 4180',
      cwd: '..',
      url: 'http://127.0.0.1:4180/health',
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
  projects: [
    { name: 'pwa', testMatch: 'pwa/**/*.spec.ts' },
    { name: 'extension', testMatch: 'extension/**/*.spec.ts' },
  ],
});
