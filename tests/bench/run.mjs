#!/usr/bin/env node
// `npm run bench`: builds the bench page (the PWA's own modules: demo generator, IndexedDB store,
// bridge, analytics worker), serves it on 127.0.0.1, drives headless Chromium with a persistent
// profile, checks every answer against reference totals, then prints the timings with the date,
// machine and browser. Results go to tests/bench/results/ (gitignored).
//
// Options: --lines N (default 1,000,000), --seed N (default 42), --repeat N (range-change calls
// per range, default 7), --runs N (cold starts, each in a fresh browser, default 3: the machine is
// shared, so the median is reported with the spread), --import-mb N (size of the generated Shopify
// orders export imported end to end, default 100), --import-runs N (imports of it, default 3; 1 for
// a gigabyte, e.g. `--import-mb 1500 --import-runs 1 --only import`), --only ID[,ID] (run only these phases and
// print only their rows, e.g. `--only recheck`, or `--lines 5000000 --only prepare,dashboard` for
// the 5M-line generate, write, cold start, range change and memory rows). `--only prepare,profile`
// writes CPU profiles of the analytics worker (range changes, the screens' first calls) to
// tests/bench/results/*.cpuprofile; BENCH_NOMINIFY=1 keeps the bench page's names readable.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from '@playwright/test';
import { cases, phases, UCI_PATH, UCI_URL } from './cases.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(root, 'dist', 'bench');
// The built PWA, served on the same origin as the bench page so both see the same IndexedDB.
const pwaDir = join(root, 'dist', 'bench-pwa');
const BENCH_PATH = '/__bench/';
const profileDir = join(here, '.profile');
const resultsDir = join(here, 'results');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const config = {
  lines: arg('lines', Number(process.env.BENCH_LINES) || 1_000_000),
  seed: arg('seed', 42),
  repeat: arg('repeat', 7),
  runs: arg('runs', 3),
  importMB: arg('import-mb', 100),
  importRuns: arg('import-runs', 3),
};
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
// Opt-in phases (a CPU profile) run only when --only names them.
const selectedPhases = only ? phases.filter((p) => only.has(p.id)) : phases.filter((p) => !p.optIn);
// With --only, the rows of cases whose phases all ran: `phase`, or the several a case `needs`
// (e.g. `--only prepare,dashboard --lines 5000000` for the cold start and memory at 5M lines).
const selectedCases = only
  ? cases.filter((c) => {
      const needs = c.needs ?? (c.phase ? [c.phase] : []);
      return needs.length > 0 && needs.every((p) => only.has(p));
    })
  : cases;

function findChromium() {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c && existsSync(c)) return c;
  }
  return null;
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * A static server for the built PWA at / and the bench page at /__bench/ (one origin, so the data
 * the bench writes is the data the PWA opens); resolves to its origin.
 */
function serve(pwa, bench) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === UCI_URL) {
      const body = await readFile(UCI_PATH).catch(() => null);
      if (!body) return void res.writeHead(404).end('Not found');
      return void res
        .writeHead(200, {
          'content-type': 'text/csv',
          'cross-origin-resource-policy': 'same-origin',
        })
        .end(body);
    }
    let dir = pwa;
    if (path.startsWith(BENCH_PATH)) {
      dir = bench;
      path = path.slice(BENCH_PATH.length - 1);
    }
    let file = join(dir, path);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) return void res.writeHead(404).end('Not found');
    res
      .writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        // Cross-origin isolation enables performance.measureUserAgentSpecificMemory().
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(body);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, origin: `http://127.0.0.1:${server.address().port}` }),
    ),
  );
}

const args = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Memory measurement without waiting for the next garbage collection.
  '--enable-blink-features=ForceEagerMeasureMemory',
];

async function main() {
  const executablePath = findChromium();
  if (!executablePath) {
    console.error(
      'No Chromium found: install one with `sudo apt-get install -y chromium` or set CHROMIUM_PATH, then run `npm run bench` again.',
    );
    process.exit(2);
  }
  // Phases in a browser of their own (ownBrowser) need neither the bench page nor the PWA.
  const needsPage = selectedPhases.some((p) => !p.ownBrowser);
  if (needsPage) {
    process.stdout.write('Building the bench page… ');
    await build({
      configFile: false,
      root: join(here, 'page'),
      base: BENCH_PATH,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        minify: !process.env.BENCH_NOMINIFY,
      },
      worker: { format: 'es' },
    });
    console.log('done.');
    process.stdout.write('Building the PWA… ');
    // The app's own Vite config (Preact, service worker), into a directory of the bench's own.
    await build({
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'pwa'),
      logLevel: 'warn',
      build: { outDir: pwaDir, emptyOutDir: true, sourcemap: false },
    });
    console.log('done.');
  }
  const { server, origin } = needsPage
    ? await serve(resolve(pwaDir), resolve(outDir))
    : { server: { close() {} }, origin: null };
  // Other work on the machine skews timings: record the load while the bench ran.
  const loadAtStart = loadavg()[0];
  await rm(profileDir, { recursive: true, force: true });

  // Each phase runs in its own browser launch on the same profile: IndexedDB persists on disk
  // between them, nothing else stays warm (a cold start is a fresh browser and page).
  const results = { config };
  let browserVersion = 'unknown';
  try {
    if (only && selectedPhases.length === 0)
      throw new Error(
        `--only ${[...only].join(',')}: no such phase; phases are ${phases.map((p) => p.id).join(', ')}.`,
      );
    for (const phase of selectedPhases) {
      if (phase.ownBrowser) {
        // Launches (and closes) a browser of its own, e.g. with the extension loaded.
        process.stdout.write(`Running ${phase.id}… `);
        const t0 = Date.now();
        results[phase.id] = await phase.run({ root, executablePath, config });
        // UA-reported version (reduced UA); the other phases' browser().version() is preferred.
        if (browserVersion === 'unknown') browserVersion = results[phase.id].browser ?? 'unknown';
        console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
        continue;
      }
      const runs = [];
      const times = phase.repeated ? config.runs : 1;
      for (let k = 0; k < times; k++) {
        process.stdout.write(`Running ${phase.id}${times > 1 ? ` (${k + 1}/${times})` : ''}… `);
        const context = await chromium.launchPersistentContext(profileDir, {
          executablePath,
          headless: true,
          args,
          // The PWA's service worker would answer the bench page's navigation with the app.
          serviceWorkers: phase.pwa ? 'allow' : 'block',
        });
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          page.on('pageerror', (e) => console.error(`\n[page error] ${e.message}`));
          if (process.env.BENCH_DEBUG) {
            page.on('console', (m) => console.error(`\n[console ${m.type()}] ${m.text()}`));
            page.on('requestfailed', (q) => console.error(`\n[request failed] ${q.url()}`));
            page.on('response', (q) => console.error(`\n[response] ${q.status()} ${q.url()}`));
          }
          if (!phase.pwa) {
            await page.goto(`${origin}${BENCH_PATH}`);
            await page.waitForFunction(() => 'bench' in window);
          }
          browserVersion =
            context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
          const t0 = Date.now();
          runs.push(await phase.run(page, config, results, { origin, last: k === times - 1 }));
          console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
        } finally {
          await context.close();
        }
      }
      results[phase.id] = phase.repeated ? runs : runs[0];
    }
  } finally {
    server.close();
  }

  const rows = selectedCases.map((c) => {
    let check;
    try {
      check = c.check(results, config);
    } catch (e) {
      check = { ok: false, detail: `check threw: ${e.message}` };
    }
    const value = c.value(results, config);
    return {
      id: c.id,
      label: c.label,
      value,
      unit: c.unit,
      note: c.note?.(results, config) ?? '',
      budget: c.budget ?? c.atLeast ?? null,
      // Most budgets are ceilings (ms, MB); throughput budgets (`atLeast`) are floors.
      atLeast: c.atLeast != null,
      withinBudget:
        c.atLeast != null ? value >= c.atLeast : c.budget == null ? null : value <= c.budget,
      check,
    };
  });

  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    ramGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) },
  };
  const date = new Date().toISOString();
  console.log(`\nStorelens bench — ${date}`);
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.start} → ${machine.loadAverage.end} (other work skews timings)`,
  );
  console.log(
    `browser: Chromium ${browserVersion} (headless, persistent profile) at ${executablePath}`,
  );
  if (!results.prepare) console.log();
  else
    console.log(
      `data: ${results.prepare.summary.lines.toLocaleString('en')} order lines, ${results.prepare.summary.orders.toLocaleString('en')} orders (demo seed ${config.seed})\n`,
    );
  const fmt = (r) =>
    r.check.ok ? `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}` : 'CHECK FAILED';
  const w = Math.max(...rows.map((r) => r.label.length));
  console.log(`${'case'.padEnd(w)}  ${'time'.padStart(11)}  ${'budget'.padStart(9)}  check  note`);
  for (const r of rows) {
    const budget = r.budget == null ? '' : `${r.atLeast ? '≥' : '<'} ${r.budget} ${r.unit}`;
    const flag = r.withinBudget === false && r.check.ok ? ' OVER BUDGET' : '';
    console.log(
      `${r.label.padEnd(w)}  ${fmt(r).padStart(11)}  ${budget.padStart(9)}  ${r.check.ok ? ' ok  ' : ' FAIL '}  ${r.note}${flag}`,
    );
  }
  const failed = rows.filter((r) => !r.check.ok);
  for (const r of failed) console.log(`\n${r.id}: ${r.check.detail}`);

  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${date.replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    JSON.stringify(
      { date, machine, browser: browserVersion, config, cases: rows, raw: results },
      null,
      2,
    ),
  );
  console.log(`\nSaved ${file}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
