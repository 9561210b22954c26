// Issue 7's row: the e2e extension re-checks 200 tracked Shopify-like products served by a local
// server while a normal page tab measures its frame gaps and long tasks. It runs in a browser of
// its own (the extension needs --load-extension and a fresh profile), so the other phases' shared
// profile is untouched.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

export const PRODUCTS = 200;
const SHOPS = 4;
// Every 40th product changes price between tracking and the round: 5 changes expected.
const changed = (n) => n % 40 === 0;
const trackedPrice = (n) => 1000 + n * 37 + 99; // minor units (USD cents)
const roundPrice = (n) => (changed(n) ? Math.round(trackedPrice(n) * 0.8) : trackedPrice(n));

/** Shopify's `/products/<handle>.js` shape (prices in cents), as tests/e2e/servers/storefront.mjs serves it. */
function productJs(n, cents) {
  return {
    id: 7_000_000 + n,
    title: `Bench Product ${n}`,
    handle: `p${n}`,
    vendor: `Shop ${n % SHOPS}`,
    type: 'Shoes',
    price: cents,
    available: true,
    options: ['Title'],
    variants: [
      {
        id: 8_000_000 + n,
        title: 'Default Title',
        option1: 'Default Title',
        sku: `BENCH-${n}`,
        barcode: '',
        available: true,
        price: cents,
        compare_at_price: null,
      },
    ],
  };
}

/** Four loopback "shops" (one port each = one origin each); resolves to their origins and a closer. */
async function startShops(prices) {
  const servers = [];
  const origins = [];
  for (let s = 0; s < SHOPS; s++) {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const m = /^\/products\/p(\d+)(\.js)?$/.exec(path);
      const n = m ? Number(m[1]) : -1;
      if (m && n >= 0 && n < PRODUCTS && n % SHOPS === s) {
        const json = productJs(n, prices[n]);
        if (m[2]) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        } else {
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(
              `<!doctype html><title>${json.title}</title><h1>${json.title}</h1><p class="price">$${(prices[n] / 100).toFixed(2)} USD</p>`,
            );
        }
        return;
      }
      if (path === '/') {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><title>Shop ${s}</title><h1>Shop ${s}</h1>`);
        return;
      }
      res.writeHead(404).end('Not found');
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    servers.push(server);
    origins.push(`http://127.0.0.1:${server.address().port}`);
  }
  return {
    origins,
    close: () => Promise.all(servers.map((x) => new Promise((ok) => x.close(ok)))),
  };
}

/** The e2e build (host permission for http://127.0.0.1/*), built once if it is missing. */
export function ensureE2eExtension(root) {
  const dir = join(root, 'dist', 'extension', 'chrome-mv3-e2e');
  if (!existsSync(join(dir, 'manifest.json'))) {
    process.stdout.write('(building the e2e extension) ');
    execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: root, stdio: 'ignore' });
  }
  return dir;
}

// Runs in the extension page, where `chrome` is the extension API. The background answers
// `{ result }` or `{ error }` (extension/features/send.ts reads it the same way).
const send = async (page, message) => {
  const reply = await page.evaluate((m) => globalThis.chrome.runtime.sendMessage(m), message);
  if (reply && 'error' in reply) throw new Error(`${message.type}: ${reply.error}`);
  return reply?.result;
};

/**
 * Tracks 200 products through the background, changes 5 prices on the server, times
 * `tracking:check-now` for all of them while a page tab in front records its longest gap between
 * animation frames and its long tasks, then reads every product's history back.
 */
export async function runRecheck({ root, executablePath }) {
  const dir = ensureE2eExtension(root);
  const prices = Array.from({ length: PRODUCTS }, (_, n) => trackedPrice(n));
  const shops = await startShops(prices);
  const context = await chromium.launchPersistentContext('', {
    executablePath,
    headless: true,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const ext = await context.newPage();
    await ext.goto(`chrome-extension://${extensionId}/options.html`);
    await send(ext, {
      type: 'tracking:set-settings',
      settings: { spacingMs: 0, timeoutMs: 10_000 },
    });
    const urlOf = (n) => `${shops.origins[n % SHOPS]}/products/p${n}`;
    for (let n = 0; n < PRODUCTS; n++) {
      const r = await send(ext, {
        type: 'tracking:track',
        input: {
          url: urlOf(n),
          platform: 'shopify',
          name: `Bench Product ${n}`,
          brand: `Shop ${n % SHOPS}`,
          sku: `BENCH-${n}`,
          gtin: '',
          mpn: '',
          image: '',
          price: trackedPrice(n) / 100,
          wasPrice: null,
          currency: 'USD',
          availability: 'InStock',
          variants: [],
        },
      });
      if (!r?.ok || !r.permitted)
        throw new Error(`tracking ${urlOf(n)} failed: ${JSON.stringify(r)}`);
    }
    for (let n = 0; n < PRODUCTS; n++) prices[n] = roundPrice(n);

    // A normal tab in front, as a user browsing while the round runs.
    const tab = await context.newPage();
    await tab.goto(`${shops.origins[0]}/`);
    await tab.bringToFront();
    await tab.evaluate(() => {
      const m = { maxGap: 0, frames: 0, longTasks: 0, longestTask: 0, stop: false };
      window.__frames = m;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          m.longTasks++;
          m.longestTask = Math.max(m.longestTask, e.duration);
        }
      }).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (t) => {
        if (m.stop) return;
        m.maxGap = Math.max(m.maxGap, t - last);
        m.frames++;
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame((t) => {
        last = t;
        requestAnimationFrame(tick);
      });
    });
    await tab.waitForTimeout(300);
    const t0 = Date.now();
    const report = await send(ext, { type: 'tracking:check-now' });
    const ms = Date.now() - t0;
    // One more frame so a gap that ends after the round is counted.
    const frames = await tab.evaluate(
      () =>
        new Promise((ok) =>
          requestAnimationFrame(() => {
            window.__frames.stop = true;
            ok({ ...window.__frames });
          }),
        ),
    );

    // Every product's history: the tracking snapshot plus the round's, with the server's price.
    const problems = [];
    for (let n = 0; n < PRODUCTS; n++) {
      const t = (await send(ext, { type: 'tracking:page', url: urlOf(n) }))?.tracked?.[0];
      if (!t) {
        problems.push(`p${n}: not tracked`);
        continue;
      }
      const last = t.price[t.price.length - 1];
      if (t.x.length !== 2 || last !== prices[n])
        problems.push(
          `p${n}: ${t.x.length} snapshots, last price ${last}, expected 2 and ${prices[n]}`,
        );
    }
    return {
      browser: /Chrome\/([\d.]+)/.exec(await tab.evaluate(() => navigator.userAgent))?.[1],
      ms,
      report: {
        checked: report.checked,
        failed: report.failed,
        skipped: report.skipped,
        changes: report.changes.length,
      },
      expectedChanges: prices.filter((_, n) => changed(n)).length,
      problems,
      frames,
    };
  } finally {
    await context.close();
    await shops.close();
  }
}
