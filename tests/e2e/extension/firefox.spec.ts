// The extension in a real Firefox: Playwright cannot drive Debian's firefox-esr, so the test runs
// tests/tools/firefox-sidebar.mjs, which speaks WebDriver BiDi with Node's own WebSocket: it
// installs the Firefox build as a temporary add-on, opens the served Shopify-like product page,
// clicks the toolbar button and reads the price in the sidebar ($129.00, the fixture catalog's).
// And the store connection: tests/tools/firefox-connect.mjs connects the WooCommerce fake from the
// options page and runs the first sync in Firefox's background page.
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { STORE, expect, test } from './fixtures.ts';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../servers/woocommerce.mjs';

const script = fileURLToPath(new URL('../../tools/firefox-sidebar.mjs', import.meta.url));

test('Firefox: the toolbar click opens the sidebar, which reads the product price', async ({
  builds,
  request,
}) => {
  test.setTimeout(120_000);
  expect(existsSync('/usr/bin/firefox-esr'), 'Debian’s firefox-esr at /usr/bin/firefox-esr').toBe(
    true,
  );
  await request.post(`${STORE}/admin/reset`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--experimental-websocket', script, builds.firefoxE2e, STORE],
    { timeout: 100_000 },
  );
  expect(stdout).toContain('"price":"$129.00"');
  expect(stdout).toContain('"platform":"Shopify"');
  expect(stdout).toContain('PASS');
});

// The build users install (no host access; the shop's origin is an optional permission, asked by
// Test connection's click): Firefox's own prompt is answered "Allow" in the browser window.
test('Firefox: the options page connects the WooCommerce shop and the first sync runs', async ({
  builds,
}) => {
  test.setTimeout(150_000);
  const woo = (await startWooServer(4196)) as Server & {
    woo: { state: { log: { path: string; scheme: string }[]; maxInFlight: number } };
  };
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--experimental-websocket',
        fileURLToPath(new URL('../../tools/firefox-connect.mjs', import.meta.url)),
        builds.firefoxE2e.replace(/firefox-mv2-e2e$/, 'firefox-mv2'),
        'http://127.0.0.1:4196',
        WOO_KEYS.read.key,
        WOO_KEYS.read.secret,
        'prompt',
      ],
      { timeout: 120_000 },
    );
    // The fixture shop's test call, and its first sync as connect-woo.spec.ts counts it in
    // Chromium: 1001–1005 (1006 never paid), 1002 and 1003 with refunds; 6 variants.
    expect(stdout).toContain('Connected to Kaffeehaus Nord: currency EUR, timezone Europe/Berlin');
    expect(stdout).toContain('prompt: allowed');
    expect(stdout).toContain('fetched: 5 orders (2 with refunds), 6 product variants fetched');
    expect(stdout).toContain('PASS');
    // Firefox's background called the shop itself: every API call signed (plain http), one at a
    // time, the secret never in a URL.
    const api = woo.woo.state.log.filter((l) => l.path.startsWith('/wp-json/wc/'));
    expect(api.length).toBeGreaterThan(3);
    expect(api.every((l) => l.scheme === 'oauth')).toBe(true);
    expect(api.some((l) => l.path.includes(WOO_KEYS.read.secret))).toBe(false);
    expect(woo.woo.state.maxInFlight).toBe(1);
  } finally {
    await new Promise<void>((done) => woo.close(() => done()));
  }
});
