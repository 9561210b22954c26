// The bench's phases (what runs in the browser, in order, each in a fresh browser on the same
// profile) and its cases (one row each: a timing, the check that its answer was right, a budget
// from DESIGN.md where there is one). To add a row (import MB/s, page analysis, history chart):
// add a phase that returns its raw results, then a case that reads them.

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { PRODUCTS, runRecheck } from './recheck.mjs';

/**
 * The whole UCI Online Retail file (../shared/data beside the repository, or BENCH_UCI), served
 * by the runner at UCI_URL; its expected figures come from the python script beside the fixture.
 */
export const UCI_PATH =
  process.env.BENCH_UCI ||
  fileURLToPath(
    new URL('../../../shared/data/uci-online-retail/online_retail.csv', import.meta.url),
  );
export const UCI_URL = '/__data/online_retail.csv';
const UCI_EXPECTED = fileURLToPath(new URL('../fixtures/real/uci/expected.py', import.meta.url));

/**
 * The generated Shopify orders export of about `bytes` (tests/fixtures/exports), written to a
 * file as a manager would pick it, piece by piece (a gigabyte is no one string). Kept in the
 * temporary directory by size and seed, so a second run reuses it.
 */
async function exportFile(bytes, seed) {
  const path = join(tmpdir(), `storelens-bench-orders-${bytes}-${seed}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  // The generator is TypeScript: built for Node once, like the bench page is for the browser.
  const dir = await mkdtemp(join(tmpdir(), 'storelens-bench-gen-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        ssr: fileURLToPath(
          new URL('../fixtures/exports/generate-shopify-orders.ts', import.meta.url),
        ),
        outDir: dir,
        emptyOutDir: true,
        target: 'node20',
        rollupOptions: { output: { format: 'es', entryFileNames: 'generate.mjs' } },
      },
    });
    const { shopifyOrdersCsvPieces } = await import(pathToFileURL(join(dir, 'generate.mjs')).href);
    const partial = `${path}.partial`;
    const out = createWriteStream(partial);
    for (const piece of shopifyOrdersCsvPieces(bytes, seed)) {
      if (!out.write(piece)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
    return path;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const DAY = 86_400_000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const shift = (d, days) => iso(Date.parse(`${d}T00:00:00Z`) + days * DAY);

/** A range and its previous period (same length, just before), as core/analytics computes it. */
function pair(start, end) {
  const len = Math.round((Date.parse(end) - Date.parse(start)) / DAY) + 1;
  return {
    current: { start, end },
    previous: { start: shift(start, -len), end: shift(start, -1) },
  };
}

// The demo store ends on 2026-11-25. The first range is the Overview's default (last 30 days);
// the others are the date-range changes a manager makes.
export const mainRange = pair('2026-10-27', '2026-11-25');
export const rangeChanges = [
  pair('2026-11-19', '2026-11-25'),
  pair('2026-10-01', '2026-10-31'),
  pair('2025-11-01', '2025-11-30'),
  pair('2026-01-01', '2026-06-30'),
  pair('2025-11-26', '2026-11-25'),
  pair('2026-11-01', '2026-11-25'),
];

/**
 * Opens the built PWA and records (in the page, from navigation start) when the Overview's KPI
 * numbers are all filled and its uPlot chart canvas is in the DOM, and the frame after that.
 */
async function navigateToOverview(page, { origin, last }) {
  await page.addInitScript(() => {
    // The main thread's long tasks (start, duration), to tell where the time to the paint goes.
    window.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries())
        window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
    // Whether a service worker answered this navigation (it may claim the page later).
    window.__servedBySw = navigator.serviceWorker?.controller != null;
    const ready = () => {
      const values = [...document.querySelectorAll('.kpi-value')];
      return (
        values.length > 0 &&
        values.every((v) => !v.classList.contains('loading') && v.textContent.trim() !== '') &&
        document.querySelector('.uplot canvas') !== null
      );
    };
    // The headline cards (the first group) and the chart, before the cards that queue behind them
    // (the month's net profit needs the whole store read).
    const headline = () => {
      const first = document.querySelector('.kpis');
      const values = first ? [...first.querySelectorAll('.kpi-value')] : [];
      return (
        values.length > 0 &&
        values.every((v) => !v.classList.contains('loading') && v.textContent.trim() !== '') &&
        document.querySelector('.uplot canvas') !== null
      );
    };
    const mo = new MutationObserver(() => {
      if (window.__headlineMs == null && headline()) window.__headlineMs = performance.now();
      if (window.__overviewMs == null && ready()) {
        window.__overviewMs = performance.now();
        window.__headlineMs ??= window.__overviewMs;
        mo.disconnect();
        requestAnimationFrame(() => (window.__overviewFrameMs = performance.now()));
      }
    });
    mo.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__overviewFrameMs != null, null, { timeout: 60_000 });
  const result = await page.evaluate(() => ({
    ms: window.__overviewMs,
    headlineMs: window.__headlineMs,
    marks: performance
      .getEntriesByType('mark')
      .map((m) => [m.name, Math.round(m.startTime)])
      .concat(
        performance
          .getEntriesByType('resource')
          .filter((e) => /\.js$/.test(e.name))
          .map((e) => [
            e.name.split('/').pop(),
            Math.round(e.startTime),
            Math.round(e.responseEnd),
          ]),
      ),
    frameMs: window.__overviewFrameMs,
    longTasks: window.__longTasks,
    serviceWorker: window.__servedBySw,
    kpis: [...document.querySelectorAll('.kpi')].map((k) => [
      k.querySelector('.kpi-label')?.textContent ?? '',
      k.querySelector('.kpi-value')?.textContent ?? '',
    ]),
  }));
  // A registered service worker answers every navigation on the origin, the bench page's too
  // (Playwright's blocking only stops new registrations): remove it after the phase's last run.
  if (last) {
    await page.evaluate(async () => {
      const regs = (await navigator.serviceWorker?.getRegistrations()) ?? [];
      await Promise.all(regs.map((r) => r.unregister()));
    });
  }
  return result;
}

/**
 * Runs `fn` with Chromium's CPU profiler on the page's analytics worker (reached over CDP as a
 * target attached to the page) and writes the profile to tests/bench/results/NAME.cpuprofile, for
 * DevTools' Performance panel; `BENCH_NOMINIFY=1` builds the bench page with readable names.
 */
async function profileWorker(page, name, fn) {
  const cdp = await page.context().newCDPSession(page);
  const targets = [];
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => targets.push(e));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const worker = targets.find(
    (t) => t.targetInfo.type === 'worker' && t.targetInfo.url.includes('analytics'),
  );
  if (!worker) throw new Error(`No analytics worker to profile (targets: ${targets.length}).`);
  const send = (method, params = {}) =>
    new Promise((ok, fail) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? fail(new Error(m.error.message)) : ok(m.result)));
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId: worker.sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(fail);
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
  const result = await fn();
  const { profile } = await send('Profiler.stop');
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  await cdp.detach();
  return result;
}

export const phases = [
  {
    id: 'prepare',
    run: (page, config) =>
      page.evaluate((a) => window.bench.prepare(a), {
        seed: config.seed,
        lines: config.lines,
        ranges: [mainRange, ...rangeChanges],
      }),
  },
  {
    id: 'readProfile',
    run: (page) => page.evaluate(() => window.bench.readProfile()),
  },
  {
    id: 'dashboard',
    repeated: true,
    run: async (page, config) => {
      const cold = await page.evaluate((r) => window.bench.cold(r), mainRange);
      const recompute = await page.evaluate(
        ([r, n]) => window.bench.recompute(r, n),
        [rangeChanges, config.repeat],
      );
      const memory = await page.evaluate(() => window.bench.workerMemory());
      return { cold, recompute, memory };
    },
  },
  {
    // Opt-in (`--only prepare,profile`): CPU profiles of the analytics worker during the
    // date-range changes (range-changes.cpuprofile) and the screens' first calls (screens…).
    id: 'profile',
    optIn: true,
    run: async (page, config) => {
      await page.evaluate((r) => window.bench.cold(r), mainRange);
      const recompute = await profileWorker(page, 'range-changes', () =>
        page.evaluate(([r, n]) => window.bench.recompute(r, n), [rangeChanges, config.repeat]),
      );
      const screens = await profileWorker(page, 'screens', () =>
        page.evaluate(([r, c]) => window.bench.screens(r, 0, c), [mainRange, rangeChanges[0]]),
      );
      return { recompute, screens };
    },
  },
  {
    id: 'screens',
    run: (page, config) =>
      page.evaluate(
        ([r, n, c]) => window.bench.screens(r, n, c),
        [mainRange, config.repeat, rangeChanges[0]],
      ),
  },
  {
    // DuckDB-WASM on the same demo store (generated again in the page with the same seed and
    // loaded into DuckDB) next to the Storelens worker on the stored one.
    id: 'duckdb',
    run: (page, config) =>
      page.evaluate((a) => window.bench.duckdb(a), {
        seed: config.seed,
        lines: config.lines,
        main: mainRange,
        changes: rangeChanges,
        repeat: 9,
      }),
  },
  {
    id: 'pageAnalysis',
    run: (page) => page.evaluate(() => window.bench.analyzeLargePage(9)),
  },
  {
    id: 'history',
    run: (page) =>
      page.evaluate((end) => window.bench.history(5, end), Date.parse('2026-11-25T12:00:00Z')),
  },
  {
    // The built PWA on the 1M-line data the prepare phase stored (same origin); the first run
    // installs the service worker, later runs are served by it, as a returning user's are.
    id: 'navigate',
    pwa: true,
    repeated: true,
    run: (page, config, results, at) => navigateToOverview(page, at),
  },
  {
    // Replaces the stored data with the imported export, so it runs after the 1M-line phases.
    id: 'import',
    run: async (page, config) => {
      await page.setInputFiles('#export-file', await exportFile(config.importMB * 1e6, 7));
      return page.evaluate((a) => window.bench.importExport(a), {
        rawRuns: Math.min(3, config.importRuns),
        runs: config.importRuns,
      });
    },
  },
  {
    // The whole UCI file into an empty store (replaces the stored data, like 'import').
    id: 'uci',
    run: async (page) => {
      if (!existsSync(UCI_PATH)) return { missing: `${UCI_PATH} not found (set BENCH_UCI)` };
      const py = spawnSync('python3', [UCI_EXPECTED, UCI_PATH], { encoding: 'utf8' });
      const expected = py.status === 0 ? JSON.parse(py.stdout) : null;
      const got = await page.evaluate((a) => window.bench.importUci(a), {
        url: UCI_URL,
        range: { start: '2010-12-01', end: '2011-12-09' },
      });
      return { ...got, expected, pythonError: py.status === 0 ? null : py.stderr || py.error };
    },
  },
  {
    id: 'firstRun',
    run: (page) => page.evaluate((r) => window.bench.firstRun(r), mainRange),
  },
  {
    // The PWA again, now on the default demo store that the first-run phase stored.
    id: 'navigateDemo',
    pwa: true,
    repeated: true,
    run: (page, config, results, at) => navigateToOverview(page, at),
  },
  {
    // Issue 7: re-checking tracked competitor prices must not block the browser UI.
    id: 'recheck',
    ownBrowser: true,
    run: (ctx) => runRecheck(ctx),
  },
];

const KEYS = [
  'orders',
  'grossSales',
  'discounts',
  'returns',
  'netSales',
  'units',
  'customers',
  'newCustomers',
  'returningCustomers',
];

/** Compares KPIs with the reference; money may differ only by float summation order. */
function sameKpis(got, want, where) {
  if (!got || !want) return `${where}: missing (${got ? 'reference' : 'answer'})`;
  for (const k of KEYS) {
    const a = got[k];
    const b = want[k];
    if (!(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))))
      return `${where}: ${k} is ${a}, reference ${b}`;
  }
  return null;
}

function checkOverview(answer, ref, label) {
  const problems = [
    sameKpis(answer.current, ref.current, `${label} current`),
    sameKpis(answer.previous, ref.previous, `${label} previous`),
  ].filter(Boolean);
  return problems;
}

const ok = (problems) => ({ ok: problems.length === 0, detail: problems.join('; ') });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// Cold starts are repeated (fresh browser each); a case reports the median run and the spread.
const runs = (r) => r.dashboard;
const medianOf = (r, f) => median(runs(r).map(f));
const spread = (r, f) => {
  const xs = runs(r).map(f);
  return `median of ${xs.length}: ${xs.map((x) => x.toFixed(0)).join(' / ')} ms`;
};
// The first call per range is the one a user waits for; later repeats show the warm steady state.
const firstCalls = (r) => runs(r).flatMap((d) => d.recompute.map((x) => x.ms[0]));
const allCalls = (r) => runs(r).flatMap((d) => d.recompute.flatMap((x) => x.ms));

function coldChecks(r, config) {
  return runs(r).flatMap((d) => coldCheck(d.cold, r, config));
}

function coldCheck(cold, r, config) {
  const problems = checkOverview(cold, r.prepare.reference[0], 'overview of the last 30 days');
  if (cold.load.lines !== config.lines)
    problems.push(`worker loaded ${cold.load.lines} lines, expected ${config.lines}`);
  if (cold.load.orders !== r.prepare.summary.orders)
    problems.push(`worker loaded ${cold.load.orders} orders, expected ${r.prepare.summary.orders}`);
  if (
    Math.abs(cold.seriesNetSales - cold.current.netSales) >
    1e-6 * Math.abs(cold.current.netSales)
  ) {
    problems.push(
      `daily series sums to ${cold.seriesNetSales}, KPI net sales ${cold.current.netSales}`,
    );
  }
  if (cold.days !== 30) problems.push(`series has ${cold.days} days, expected 30`);
  return problems;
}

/**
 * The first numbers of each cold start: answered from the stored day summary (the load says how
 * many it answered), the reference's, and the very answer the loaded data gives.
 */
function firstNumbersChecks(r) {
  const problems = r.prepare.summaryStored
    ? []
    : ['the worker did not store the day summary after reading the prepared data'];
  runs(r).forEach((d, k) => {
    const f = d.cold.first;
    problems.push(...checkOverview(f, r.prepare.reference[0], `run ${k + 1}: first overview`));
    if (!(d.cold.load.summaryAnswers >= 1))
      problems.push(`run ${k + 1}: the first overview was not answered from the day summary`);
    if (!f.sameAsLoaded)
      problems.push(`run ${k + 1}: the first overview differs from the loaded data's`);
    if (f.days !== 30) problems.push(`run ${k + 1}: series has ${f.days} days, expected 30`);
  });
  return problems;
}

function recomputeChecks(r) {
  const measured = runs(r).every((d) => d.recompute.length === rangeChanges.length);
  return measured
    ? runs(r).flatMap((d) => recomputeCheck(d.recompute, r))
    : ['not every range change was measured'];
}

function recomputeCheck(recompute, r) {
  return recompute.flatMap((x, k) =>
    checkOverview(
      x,
      r.prepare.reference[k + 1],
      `range ${rangeChanges[k].current.start}..${rangeChanges[k].current.end}`,
    ),
  );
}

/** Checks of the analysis screens against the row-by-row reference (customers, cohorts, units). */
function screenChecks(r, config) {
  const s = r.screens;
  const ref = r.prepare.reference[0].current;
  const cref = r.prepare.cohortReference;
  const problems = [];
  if (s.load.lines !== config.lines) problems.push(`worker has ${s.load.lines} lines`);
  const o = checkOverview(s.overview, r.prepare.reference[0], 'overview');
  problems.push(...o);
  const cu = s.customers.summary;
  if (cu.customers !== ref.customers || cu.newCustomers !== ref.newCustomers)
    problems.push(
      `customers: ${cu.customers} (${cu.newCustomers} new), reference ${ref.customers} (${ref.newCustomers} new)`,
    );
  if (cu.returningCustomers !== ref.returningCustomers)
    problems.push(
      `customers: ${cu.returningCustomers} returning, reference ${ref.returningCustomers}`,
    );
  const co = s.cohorts;
  const bad0 = co.month0.findIndex((x, i) => co.sizes[i] > 0 && Math.abs(x - 1) > 1e-12);
  if (bad0 >= 0)
    problems.push(`cohort ${co.labels[bad0]}: month-0 retention ${co.month0[bad0]}, expected 100%`);
  const sizeSum = co.sizes.reduce((a, b) => a + b, 0);
  if (sizeSum !== cref.customers)
    problems.push(`cohort sizes sum to ${sizeSum}, reference ${cref.customers} customers`);
  co.labels.forEach((l, i) => {
    if ((cref.sizes[l] ?? 0) !== co.sizes[i])
      problems.push(`cohort ${l}: ${co.sizes[i]} customers, reference ${cref.sizes[l] ?? 0}`);
  });
  if (s.rfm.customers !== cref.customers || s.rfm.segmentSum !== cref.customers)
    problems.push(
      `RFM: ${s.rfm.customers} customers in ${s.rfm.segmentSum} segment members, reference ${cref.customers}`,
    );
  if (s.inventory.rows !== r.prepare.stockedProducts || s.inventory.negative > 0)
    problems.push(
      `inventory: ${s.inventory.rows} rows (${s.inventory.negative} negative orders), ${r.prepare.stockedProducts} stocked products`,
    );
  if (s.products.units !== ref.units)
    problems.push(`products: ${s.products.units} units, reference ${ref.units}`);
  return problems.slice(0, 5);
}

/** The import stored every generated order and line item, and rejected nothing. */
function importChecks(r) {
  const m = r.import;
  const problems = [];
  if (!(m.orders > 0)) problems.push('could not read the generated order count');
  if (m.tables.orders?.incoming !== m.orders || m.tables.orders?.total !== m.orders)
    problems.push(
      `orders: ${m.tables.orders?.incoming} read, ${m.tables.orders?.total} stored, ${m.orders} generated`,
    );
  if (m.tables.lines?.total !== m.rawRecords - 1)
    problems.push(
      `line items: ${m.tables.lines?.total} stored, ${m.rawRecords - 1} rows in the file`,
    );
  if (m.rejected !== 0)
    problems.push(`${m.rejected} rows rejected, first: ${JSON.stringify(m.firstError)}`);
  return problems;
}
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const rawMbps = (r) => mbps(r.import.bytes, median(r.import.rawMs));

const screenCase = (id, label, f, note) => ({
  id: `screen-${id}`,
  phase: 'screens',
  label,
  unit: 'ms',
  budget: 100,
  value: (r) => r.screens[f].ms[0],
  note: (r) => `${note(r)}; repeats median ${median(r.screens[f].ms.slice(1)).toFixed(1)} ms`,
  check: (r, c) => ok(screenChecks(r, c)),
});

/** The Overview's Orders number as shown equals the reference's (digits only, any locale). */
function navChecks(navs, refOrders) {
  return navs.flatMap((n, k) => {
    const orders = n.kpis.find(([label]) => label === 'Orders')?.[1] ?? '';
    return orders.replace(/\D/g, '') === String(refOrders)
      ? []
      : [`run ${k + 1}: Orders shows '${orders}', reference ${refOrders}`];
  });
}
/** Main-thread time in long tasks (over 50 ms each) before the headline cards were painted. */
const longBefore = (n) =>
  (n.longTasks ?? [])
    .filter(([at]) => at < (n.headlineMs ?? n.ms))
    .reduce((a, [, ms]) => a + ms, 0);
const navNote = (navs) =>
  `median of ${navs.length}: ${navs.map((n) => `${n.ms.toFixed(0)}${n.serviceWorker ? ' (SW)' : ''}`).join(' / ')} ms; next frame ${median(navs.map((n) => n.frameMs)).toFixed(0)} ms; headline cards + chart ${navs.map((n) => (n.headlineMs ?? NaN).toFixed(0)).join(' / ')} ms; long tasks before them ${navs.map(longBefore).join(' / ')} ms`;

export const cases = [
  {
    id: 'generate',
    needs: ['prepare', 'dashboard'],
    label: 'generate demo store (page main thread)',
    unit: 'ms',
    value: (r) => r.prepare.generateMs,
    check: (r, c) =>
      ok(
        r.prepare.summary.lines === c.lines
          ? []
          : [`generated ${r.prepare.summary.lines} lines, asked for ${c.lines}`],
      ),
  },
  {
    id: 'idb-write',
    needs: ['prepare', 'dashboard'],
    label: 'write to IndexedDB (one transaction)',
    unit: 'ms',
    value: (r) => r.prepare.writeMs,
    note: (r) =>
      `${(r.prepare.bytes / 1e6).toFixed(0)} MB of columns, ${(r.prepare.bytes / 1e6 / (r.prepare.writeMs / 1000)).toFixed(0)} MB/s`,
    // Verified by the cold load reading back every order and line.
    check: (r, c) => ok(coldChecks(r, c).filter((p) => p.startsWith('worker loaded'))),
  },
  {
    id: 'idb-read',
    label: 'IndexedDB read, all columns (page, fresh browser)',
    unit: 'ms',
    value: (r) => Object.values(r.readProfile).reduce((a, t) => a + t.metaMs + t.chunksMs, 0),
    note: (r) =>
      ['orders', 'lines']
        .map(
          (t) =>
            `${t}: meta ${r.readProfile[t].metaMs.toFixed(0)} + chunks ${r.readProfile[t].chunksMs.toFixed(0)} ms`,
        )
        .join(', '),
    // Every column of every chunk is there (a chunk per column per 64k rows, the columns of the
    // schema, plus one record per big dictionary), and the orders are all the generated ones.
    check: (r, c) => {
      const problems = ['orders', 'lines']
        .filter((t) => r.readProfile[t].chunks !== r.readProfile[t].expectedChunks)
        .map(
          (t) =>
            `${t}: ${r.readProfile[t].chunks} chunks stored, expected ${r.readProfile[t].expectedChunks}`,
        );
      if (r.readProfile.orders.rows !== r.prepare.summary.orders)
        problems.push(
          `orders: ${r.readProfile.orders.rows} stored, generated ${r.prepare.summary.orders}`,
        );
      if (r.readProfile.lines.rows !== c.lines)
        problems.push(`lines: ${r.readProfile.lines.rows} stored, generated ${c.lines}`);
      return ok(problems);
    },
  },
  {
    id: 'cold-load',
    needs: ['prepare', 'dashboard'],
    label: 'cold: worker start + IndexedDB read + build',
    unit: 'ms',
    value: (r) => medianOf(r, (d) => d.cold.loadMs),
    note: (r) =>
      `read ${medianOf(r, (d) => d.cold.load.timings.readMs).toFixed(0)} ms + dataset build ${medianOf(r, (d) => d.cold.load.timings.buildMs).toFixed(0)} ms (medians)`,
    check: (r, c) => ok(coldChecks(r, c)),
  },
  {
    id: 'cold-overview',
    needs: ['prepare', 'dashboard'],
    label: 'cold: first overview (30 days + previous period)',
    unit: 'ms',
    value: (r) => medianOf(r, (d) => d.cold.overviewMs),
    check: (r, c) => ok(coldChecks(r, c)),
  },
  {
    id: 'cold-first-numbers',
    needs: ['prepare', 'dashboard'],
    label: 'cold dashboard: worker start → first overview numbers',
    unit: 'ms',
    budget: 300,
    value: (r) => medianOf(r, (d) => d.cold.first.ms),
    note: (r) =>
      `from the stored day summary while the store is read; ${spread(r, (d) => d.cold.first.ms)}; ${medianOf(r, (d) => d.cold.first.sinceNavigationMs).toFixed(0)} ms after navigation start`,
    check: (r) => ok(firstNumbersChecks(r)),
  },
  {
    id: 'cold-dashboard',
    needs: ['prepare', 'dashboard'],
    label: 'cold dashboard, full read: worker start → overview of the loaded data',
    unit: 'ms',
    budget: 1000,
    value: (r) => medianOf(r, (d) => d.cold.totalMs),
    note: (r) =>
      `${spread(r, (d) => d.cold.totalMs)}; ${medianOf(r, (d) => d.cold.sinceNavigationMs).toFixed(0)} ms after navigation start`,
    check: (r, c) => ok(coldChecks(r, c)),
  },
  {
    id: 'range-change',
    needs: ['prepare', 'dashboard'],
    label: 'date-range change: recompute (first call, median)',
    unit: 'ms',
    budget: 50,
    value: (r) => median(firstCalls(r)),
    note: (r) =>
      `${rangeChanges.length} ranges from 7 days to 1 year; worst ${Math.max(...firstCalls(r)).toFixed(1)} ms`,
    check: (r) => ok(recomputeChecks(r)),
  },
  {
    id: 'worker-memory',
    needs: ['prepare', 'dashboard'],
    label: 'analytics worker memory after load and queries',
    unit: 'MB',
    budget: 100,
    value: (r) => medianOf(r, (d) => (d.memory?.workerBytes ?? NaN) / 1e6),
    note: (r) =>
      `page + worker ${medianOf(r, (d) => (d.memory?.totalBytes ?? NaN) / 1e6).toFixed(0)} MB (measureUserAgentSpecificMemory)`,
    check: (r) =>
      ok(
        runs(r).every((d) => d.memory && d.memory.workerBytes > 0)
          ? []
          : ['the browser did not report the worker memory'],
      ),
  },
  {
    id: 'range-change-warm',
    needs: ['prepare', 'dashboard'],
    label: 'date-range change: recompute (all repeats, median)',
    unit: 'ms',
    budget: 50,
    value: (r) => median(allCalls(r)),
    note: (r) => `${allCalls(r).length} calls; worst ${Math.max(...allCalls(r)).toFixed(1)} ms`,
    check: (r) => ok(recomputeChecks(r)),
  },
  screenCase(
    'overview',
    'warm: Overview (KPIs, comparison, daily series)',
    'overview',
    () => '30 days + previous period',
  ),
  {
    ...screenCase(
      'customers',
      'warm: Customers (new/returning, CLV, time between)',
      'customers',
      (r) => `${r.screens.customers.summary.customers.toLocaleString('en')} customers in 30 days`,
    ),
    // issue 17's goal for the screen's first call.
    budget: 50,
  },
  screenCase(
    'cohorts',
    'warm: monthly cohort matrix',
    'cohorts',
    (r) =>
      `${r.screens.cohorts.labels.length}×${r.screens.cohorts.periods}; month 0 = 100% in every cohort`,
  ),
  {
    ...screenCase(
      'rfm',
      'warm: RFM segments (first call; then cached)',
      'rfm',
      (r) => `${r.screens.rfm.customers.toLocaleString('en')} customers`,
    ),
    // issue 17's goal for the screen's first call.
    budget: 50,
  },
  screenCase(
    'inventory',
    'warm: Inventory plan + purchase orders (first call)',
    'inventory',
    (r) => `${r.screens.inventory.rows} SKUs, ${r.screens.inventory.purchaseOrders} draft POs`,
  ),
  screenCase(
    'products',
    'warm: product table (sales, ABC, stock)',
    'products',
    (r) => `${r.screens.products.rows} SKUs`,
  ),
  {
    ...screenCase(
      'customer-value',
      'warm: customer value (payback, BG/NBD + Gamma-Gamma fit on every customer; first call)',
      'customerValue',
      (r) =>
        `${r.screens.customerValue.customers.toLocaleString('en')} customers fitted, ${r.screens.customerValue.histories.toLocaleString('en')} distinct histories, ${r.screens.customerValue.cohorts} cohorts`,
    ),
    // A model fit, not a query: it runs once per loaded store, on a thread of its own.
    budget: 5000,
    check: (r, c) =>
      ok([
        ...screenChecks(r, c),
        ...(r.screens.customerValue.customers > 0 ? [] : ['no model fitted']),
      ]),
  },
  {
    // The fit runs on its own thread (core/worker/fit.ts): a range change made meanwhile is
    // answered in a range change's time, not after the fit.
    id: 'range-during-fit',
    phase: 'screens',
    label: 'warm: range change during the customer-value fit',
    unit: 'ms',
    budget: 100,
    value: (r) => r.screens.duringFit.ms,
    note: (r) =>
      `last 7 days, asked 100 ms into the fit (${r.screens.customerValue.ms[0].toFixed(0)} ms); ${r.screens.duringFit.fitRunning ? 'answered while it ran' : 'answered after it'}`,
    check: (r) =>
      ok([
        ...(r.screens.duringFit.fitRunning ? [] : ['the fit had finished before the answer']),
        ...checkOverview(
          r.screens.duringFit,
          r.prepare.reference[1],
          'range change during the fit',
        ),
      ]),
  },
  {
    id: 'import',
    phase: 'import',
    label: 'import Shopify orders export end to end (worker)',
    unit: 'MB/s',
    atLeast: 30,
    value: (r) => mbps(r.import.bytes, r.import.ms),
    note: (r) => {
      const m = r.import;
      const at = (p) => (m.phases[p] ?? NaN) / 1000;
      return `median of ${m.allMs.length} (${m.allMs.map((x) => (x / 1000).toFixed(2)).join(', ')} s); ${(m.bytes / 1e6).toFixed(0)} MB, ${m.orders.toLocaleString('en')} orders in ${(m.ms / 1000).toFixed(2)} s, read in ${m.ranges} range${m.ranges === 1 ? '' : 's'} side by side: read+parse+validate until ${at('merging').toFixed(1)} s, merge until ${at('saving').toFixed(1)} s, then the columnar write (one transaction); the dashboards then load the new data in ${(m.loadMs / 1000).toFixed(1)} s`;
    },
    check: (r) => ok(importChecks(r)),
  },
  {
    id: 'import-raw',
    phase: 'import',
    label: 'CSV tokenizer alone, same bytes (page)',
    unit: 'MB/s',
    value: rawMbps,
    note: (r) =>
      `the File's stream (${r.import.rawChunkBytes.map((b) => `${Math.round(b / 1024)} KB`).join(', ')}… chunks), UTF-8 decode + every field; the faster of 64 KB pieces and whole chunks (${mbps(r.import.bytes, median(r.import.rawWholeMs)).toFixed(0)} MB/s); ${r.import.rawRecords.toLocaleString('en')} records; median of ${r.import.rawMs.length}. From memory in 1 MB chunks (no File): ${r.import.rawMemMs.length ? `${mbps(r.import.bytes, median(r.import.rawMemMs)).toFixed(0)} MB/s` : 'not measured past 512 MB'}`,
    check: (r) => ok(r.import.rawRecords > 1 ? [] : ['the tokenizer emitted no records']),
  },
  {
    id: 'import-share',
    phase: 'import',
    label: 'import speed ÷ raw tokenizer speed',
    unit: '%',
    atLeast: 33,
    value: (r) => (100 * mbps(r.import.bytes, r.import.ms)) / rawMbps(r),
    note: (r) =>
      `of the tokenizer reading the same File; of the tokenizer on bytes already in memory: ${r.import.rawMemMs.length ? `${((100 * mbps(r.import.bytes, r.import.ms)) / mbps(r.import.bytes, median(r.import.rawMemMs))).toFixed(0)} %` : 'not measured past 512 MB'}`,
    check: (r) => ok(importChecks(r)),
  },
  {
    id: 'duckdb-start',
    phase: 'duckdb',
    label: 'DuckDB-WASM: start + load the same data (page)',
    unit: 'ms',
    value: (r) => r.duckdb.duckStartMs + r.duckdb.duckLoadMs,
    note: (r) =>
      `instantiate ${r.duckdb.duckStartMs.toFixed(0)} ms + tables ${r.duckdb.duckLoadMs.toFixed(0)} ms (from the generated columns); Storelens worker load from IndexedDB ${r.duckdb.storelensStartMs.toFixed(0)} ms`,
    check: (r, c) =>
      ok(r.duckdb.lines === c.lines ? [] : [`Storelens worker has ${r.duckdb.lines} lines`]),
  },
  ...[
    ['overview', 'overview + comparison + daily series'],
    ['rangeChange', 'date-range change (6 ranges, median)'],
    ['topSkus', 'top 10 SKUs by units'],
    ['cohorts', 'monthly cohort matrix'],
  ].map(([k, what]) => ({
    id: `duckdb-${k}`,
    label: `vs DuckDB-WASM: ${what}`,
    phase: 'duckdb',
    unit: '×',
    atLeast: 2,
    value: (r) => r.duckdb.queries[k].duckdb / r.duckdb.queries[k].storelens,
    note: (r) =>
      `Storelens ${r.duckdb.queries[k].storelens.toFixed(1)} ms, DuckDB-WASM ${r.duckdb.queries[k].duckdb.toFixed(1)} ms (medians of 9${k === 'rangeChange' ? '' : ' after 3 warm-up calls'})${k === 'topSkus' ? `; first call after load ${r.duckdb.queries.topSkus.storelensFirst.toFixed(0)} ms (builds the per-day SKU index)` : ''}${k === 'cohorts' ? `; ${r.duckdb.queries.cohorts.cells} cells equal` : ''}`,
    check: (r) => ok(r.duckdb.problems),
  })),
  {
    id: 'page-analysis',
    phase: 'pageAnalysis',
    label: 'analyzePage on a 1 MB product page (main thread)',
    unit: 'ms',
    budget: 50,
    value: (r) => median(r.pageAnalysis.ms),
    note: (r) => {
      const a = r.pageAnalysis;
      const s = a.staged;
      const longest = s.map((x) => x.longestTaskMs);
      return `${(a.bytes / 1e6).toFixed(2)} MB; median of ${a.ms.length}, worst ${Math.max(...a.ms).toFixed(1)} ms; staged as the extension runs it (run first, the first cold): work ${median(s.map((x) => x.workMs)).toFixed(1)} ms median (first ${s[0].workMs.toFixed(1)}), longest task ${median(longest).toFixed(1)} ms median (worst ${Math.max(...longest).toFixed(1)}), ${median(s.map((x) => x.tasks))} tasks; DOMParser ${a.parseMs.toFixed(0)} ms (not counted)`;
    },
    check: (r) => {
      const a = r.pageAnalysis;
      const problems = [];
      for (const [path, p] of [
        ['analyzePage', a],
        ['staged', a.stagedProduct],
      ]) {
        if (p.products !== 1) problems.push(`${path}: ${p.products} products found, expected 1`);
        if (p.name !== 'Merino Crew Sweater') problems.push(`${path}: product name ${p.name}`);
        if (p.price?.value !== 120 || p.currency !== 'USD')
          problems.push(
            `${path}: price ${JSON.stringify(p.price)} ${p.currency}, expected 120 USD`,
          );
        if (p.variants !== 2) problems.push(`${path}: ${p.variants} variants, expected 2`);
      }
      if (a.bytes < 1_000_000) problems.push(`page is ${a.bytes} bytes, expected 1 MB`);
      return ok(problems);
    },
  },
  {
    id: 'history',
    label: 'competitor history: 50 products × 3 years, chart drawn',
    unit: 'ms',
    budget: 200,
    value: (r) => median(r.history.runs.map((x) => x.ms)),
    note: (r) =>
      `index + 50 series + 50 summaries ${median(r.history.runs.map((x) => x.computeMs)).toFixed(1)} ms, then uPlot to next frame; median of ${r.history.runs.length}`,
    check: (r) => {
      const h = r.history;
      const problems = [];
      if (h.rows !== 50 * 1095 || h.points !== 50 * 1095)
        problems.push(`${h.rows} snapshots, ${h.points} chart points, expected ${50 * 1095}`);
      if (h.summaries !== 50) problems.push(`${h.summaries} of 50 summaries cover 1095 checks`);
      if (!h.canvas) problems.push('uPlot drew no canvas');
      return ok(problems);
    },
  },
  {
    id: 'navigate-1m',
    needs: ['prepare', 'navigate'],
    label: 'PWA: navigation → Overview numbers + chart, bench data',
    unit: 'ms',
    budget: 500,
    value: (r) => median(r.navigate.map((n) => n.ms)),
    note: (r, c) => `${c.lines.toLocaleString('en')} lines; ${navNote(r.navigate)}`,
    check: (r) => ok(navChecks(r.navigate, r.prepare.reference[0].current.orders)),
  },
  {
    id: 'uci',
    phase: 'uci',
    label: 'import UCI Online Retail, whole file (worker)',
    unit: 'MB/s',
    value: (r) => (r.uci.missing ? NaN : mbps(r.uci.bytes, r.uci.importMs)),
    note: (r) => {
      const u = r.uci;
      if (u.missing) return u.missing;
      return `${(u.bytes / 1e6).toFixed(0)} MB, ${(u.expected?.rows ?? NaN).toLocaleString('en')} lines → ${u.kpis.orders.toLocaleString('en')} orders in ${(u.importMs / 1000).toFixed(1)} s (preview ${u.previewMs.toFixed(0)} ms, then load ${u.loadMs.toFixed(0)} ms, Overview of 374 days ${u.overviewMs.toFixed(0)} ms); figures from expected.py`;
    },
    check: (r) => {
      const u = r.uci;
      if (u.missing) return ok([u.missing]);
      if (!u.expected) return ok([`expected.py failed: ${u.pythonError}`]);
      const e = u.expected;
      const want = {
        orders: e.orders,
        grossSales: e.grossMinor,
        returns: e.returnsMinor,
        netSales: e.netSalesMinor,
        customers: e.customers,
      };
      const problems = Object.entries(want)
        .filter(([k, v]) => u.kpis[k] !== v)
        .map(([k, v]) => `${k} is ${u.kpis[k]}, expected.py ${v}`);
      if (u.rejected !== e.rejected)
        problems.push(
          `${u.rejected} rows rejected, expected.py ${e.rejected}${u.firstError ? ` (first: ${u.firstError.message})` : ''}`,
        );
      return ok(problems);
    },
  },
  {
    id: 'first-run',
    label: 'first run: worker generates, stores, shows demo',
    unit: 'ms',
    value: (r) => r.firstRun.totalMs,
    note: (r) =>
      `${r.firstRun.load.orders.toLocaleString('en')} orders; generate ${r.firstRun.load.timings.generateMs.toFixed(0)} + write ${r.firstRun.load.timings.writeMs.toFixed(0)} + build ${r.firstRun.load.timings.buildMs.toFixed(0)} + overview ${r.firstRun.overviewMs.toFixed(0)} ms`,
    check: (r) => {
      const f = r.firstRun;
      const problems = checkOverview(f, f.reference, 'first-run overview');
      if (f.load.orders !== 20_000 || !f.load.demo)
        problems.push(
          `loaded ${f.load.orders} orders (demo: ${f.load.demo}), expected the 20,000-order demo`,
        );
      return ok(problems);
    },
  },
  {
    id: 'navigate-demo',
    label: 'PWA: navigation → Overview numbers + chart, demo store',
    unit: 'ms',
    value: (r) => median(r.navigateDemo.map((n) => n.ms)),
    note: (r) =>
      `${r.firstRun.load.orders.toLocaleString('en')} orders; ${navNote(r.navigateDemo)}`,
    check: (r) => ok(navChecks(r.navigateDemo, r.firstRun.reference.current.orders)),
  },
  {
    id: 'recheck',
    phase: 'recheck',
    label: `extension: re-check ${PRODUCTS} tracked URLs (4 local shops)`,
    unit: 'ms',
    value: (r) => r.recheck.ms,
    // Spacing 0: with the default politeness (5 s between requests to one host; the 4 loopback
    // ports share the host 127.0.0.1) the round would time 200 × 5 s of waiting, not the work. Without it the round is bound
    // by the background's fetch, parse and batched IndexedDB writes: 200 local requests in 20 s
    // (100 ms each) would mean the background itself is the bottleneck.
    budget: 20_000,
    note: (r) => {
      const f = r.recheck.frames;
      return `spacing 0 (default 5 s per host would time the waits); page tab in front: longest frame gap ${f.maxGap.toFixed(0)} ms over ${f.frames} frames, ${f.longTasks} long tasks${f.longTasks ? ` (longest ${f.longestTask.toFixed(0)} ms)` : ''}; ${r.recheck.report.changes} price changes`;
    },
    check: (r) => {
      const x = r.recheck;
      const problems = [...x.problems.slice(0, 5)];
      if (x.problems.length > 5) problems.push(`${x.problems.length - 5} more products wrong`);
      if (x.report.checked !== PRODUCTS || x.report.failed !== 0 || x.report.skipped !== 0)
        problems.push(
          `round checked ${x.report.checked}, failed ${x.report.failed}, skipped ${x.report.skipped}; expected ${PRODUCTS}, 0, 0`,
        );
      if (x.report.changes !== x.expectedChanges)
        problems.push(
          `${x.report.changes} changes recorded, ${x.expectedChanges} prices changed on the server`,
        );
      // "Without blocking the UI": no frame in the tab in front waits longer than 100 ms (RAIL's
      // response budget) and no long task runs in it.
      if (x.frames.maxGap > 100)
        problems.push(
          `the page tab's longest frame gap was ${x.frames.maxGap.toFixed(0)} ms (over 100 ms)`,
        );
      if (x.frames.longTasks > 0) problems.push(`${x.frames.longTasks} long tasks in the page tab`);
      return ok(problems);
    },
  },
];
