// The extension in a real Firefox: Playwright cannot drive Debian's firefox-esr, so the test runs
// tests/tools/firefox-sidebar.mjs, which speaks WebDriver BiDi with Node's own WebSocket: it
// installs the Firefox build as a temporary add-on, opens the served Shopify-like product page,
// clicks the toolbar button and reads the price in the sidebar ($129.00, the fixture catalog's).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { STORE, expect, test } from './fixtures.ts';

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
