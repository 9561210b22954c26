/**
 * The bench page: Playwright drives it through `window.bench`. It uses the same modules as the
 * PWA (core/demo, core/db, core/bridge and the analytics worker), so its timings are the app's.
 */
import { generateDemoStore } from '../../../core/demo/index.ts';
import { openStoreDb } from '../../../core/db/index.ts';
import { writeDemoStore } from '../../../core/worker/api.ts';
import { createAnalyticsClient } from '../../../core/bridge/index.ts';
import { hasDaySummary, startupDay, storeVersion } from '../../../core/worker/startup.ts';
import {
  lineColumns,
  orderColumns,
  spendColumns,
  trafficColumns,
  type ColumnTable,
} from '../../../core/schema/columns.ts';
import { CsvTokenizer } from '../../../core/ingest/index.ts';
import type { ImportProgress } from '../../../core/worker/import/index.ts';
import { proxy } from 'comlink';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { answerJson } from '../../../core/worker/answer-json.ts';
import { analyzePage, analyzePageStaged } from '../../../core/page/index.ts';
import {
  demoSnapshotHistory,
  indexHistory,
  productSeries,
  summarizeHistory,
} from '../../../core/tracking/index.ts';
import { makeLargeProductPage } from '../../fixtures/pages/large.ts';
import {
  median,
  referenceCohorts,
  referenceKpis,
  type RangePair,
  type RefKpis,
} from './reference.ts';

const makeWorker = () =>
  new Worker(new URL('../../../core/worker/analytics.worker.ts', import.meta.url), {
    type: 'module',
  });

function bytesOf(t: ColumnTable): number {
  let n = 0;
  for (const c of Object.values(t.columns)) {
    if (ArrayBuffer.isView(c)) n += c.byteLength;
    else {
      n += c.codes.byteLength;
      for (const s of c.dict) n += s.length * 2;
    }
  }
  return n;
}

type Kpis = Pick<
  RefKpis,
  | 'orders'
  | 'grossSales'
  | 'discounts'
  | 'returns'
  | 'netSales'
  | 'units'
  | 'customers'
  | 'newCustomers'
  | 'returningCustomers'
>;
const pickKpis = (k: Kpis): Kpis => ({
  orders: k.orders,
  grossSales: k.grossSales,
  discounts: k.discounts,
  returns: k.returns,
  netSales: k.netSales,
  units: k.units,
  customers: k.customers,
  newCustomers: k.newCustomers,
  returningCustomers: k.returningCustomers,
});

const client = createAnalyticsClient(makeWorker);

/** Where a cold read's time goes, per table: the meta record (dictionaries) and the chunks. */
async function readProfile() {
  const db = await openStoreDb();
  const out: Record<
    string,
    {
      metaMs: number;
      chunksMs: number;
      chunks: number;
      dictStrings: number;
      rows: number;
      /** What should be stored: a chunk per column per 64k rows, plus the big dictionaries' records. */
      expectedChunks: number;
    }
  > = {};
  const specs = {
    orders: orderColumns,
    lines: lineColumns,
    traffic: trafficColumns,
    spend: spendColumns,
  };
  for (const table of ['orders', 'lines', 'traffic', 'spend'] as const) {
    const tx = db.transaction(['chunks', 'tableMeta'], 'readonly');
    const t0 = performance.now();
    const meta = await tx.objectStore('tableMeta').get(table);
    const t1 = performance.now();
    const chunks = await tx.objectStore('chunks').getAll(IDBKeyRange.bound([table], [table, []]));
    const t2 = performance.now();
    const dictStrings = Object.values(meta?.columns ?? {}).reduce(
      (a, c) => a + (c.dict?.length ?? 0),
      0,
    );
    const stored = Object.values(meta?.columns ?? {});
    const expectedChunks =
      Object.keys(specs[table]).length * Math.ceil((meta?.length ?? 0) / 65536) +
      stored.filter((c) => c.dictChunk !== undefined).length;
    out[table] = {
      metaMs: t1 - t0,
      chunksMs: t2 - t1,
      chunks: chunks.length,
      dictStrings,
      rows: meta?.length ?? 0,
      expectedChunks,
    };
  }
  db.close();
  return out;
}

const bench = {
  readProfile,
  /** Generates the store, computes reference totals row by row, and writes it to IndexedDB. */
  async prepare(opts: { seed: number; lines: number; ranges: RangePair[] }) {
    const t0 = performance.now();
    const store = generateDemoStore({ seed: opts.seed, lines: opts.lines });
    const t1 = performance.now();
    const reference = opts.ranges.map((r) => referenceKpis(store, r));
    const cohortReference = referenceCohorts(store);
    const stockedProducts = store.products.filter((p) => p.onHand != null).length;
    const t2 = performance.now();
    const db = await openStoreDb();
    const t3 = performance.now();
    await writeDemoStore(db, store, 'bench');
    const t4 = performance.now();
    // What the app does after an import: the worker reads the new data, then keeps its day
    // summary for the next cold start (a moment later). The cold starts measure both paths.
    await client.call('load', []);
    const t5 = performance.now();
    let summaryStored = false;
    const version = await storeVersion(db, startupDay());
    for (let k = 0; k < 600 && !summaryStored; k++) {
      summaryStored = await hasDaySummary(db, version);
      if (!summaryStored) await new Promise((ok) => setTimeout(ok, 50));
    }
    const summaryMs = performance.now() - t5;
    db.close();
    const bytes =
      bytesOf(store.orders) + bytesOf(store.lines) + bytesOf(store.traffic) + bytesOf(store.spend);
    return {
      summary: store.summary,
      generateMs: t1 - t0,
      referenceMs: t2 - t1,
      writeMs: t4 - t3,
      loadMs: t5 - t4,
      summaryStored,
      summaryMs,
      bytes,
      reference,
      cohortReference,
      stockedProducts,
    };
  },

  /**
   * Cold start in a fresh browser, as the app does it: the Overview is asked at once (the stored
   * day summary answers it) and the store is read behind it (worker start + IndexedDB read +
   * build); then the same Overview from the loaded data.
   */
  async cold(range: RangePair) {
    const q = { range: range.current, compare: 'previous-period' as const };
    const t0 = performance.now();
    let firstAt = NaN;
    const first = client.call('overview', [q]).then((r) => {
      firstAt = performance.now();
      return r;
    });
    const load = await client.call('load', []);
    const t1 = performance.now();
    const f = await first;
    const r = await client.call('overview', [q]);
    const t2 = performance.now();
    return {
      sinceNavigationMs: t2,
      totalMs: t2 - t0,
      loadMs: t1 - t0,
      overviewMs: t2 - t1,
      load,
      current: pickKpis(r.current),
      previous: r.previous ? pickKpis(r.previous) : null,
      seriesNetSales: Array.from(r.series.netSales).reduce((a, b) => a + b, 0),
      days: r.series.days.length,
      first: {
        ms: firstAt - t0,
        sinceNavigationMs: firstAt,
        current: pickKpis(f.current),
        previous: f.previous ? pickKpis(f.previous) : null,
        seriesNetSales: Array.from(f.series.netSales).reduce((a, b) => a + b, 0),
        days: f.series.days.length,
        // Every figure, card and day of the series, as the loaded data answers it.
        sameAsLoaded: answerJson(f) === answerJson(r),
      },
    };
  },

  /**
   * Memory of the analytics worker (the page is cross-origin isolated for this API; the bench
   * launches Chromium with eager measurement so it does not wait for a GC).
   */
  async workerMemory() {
    type Breakdown = { bytes: number; attribution: { scope: string }[] };
    const perf = performance as Performance & {
      measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: Breakdown[] }>;
    };
    if (!crossOriginIsolated || !perf.measureUserAgentSpecificMemory) return null;
    const m = await perf.measureUserAgentSpecificMemory();
    let worker = 0;
    for (const b of m.breakdown) {
      if (b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')) worker += b.bytes;
    }
    return { workerBytes: worker, totalBytes: m.bytes };
  },

  /**
   * A new user's first run: the worker generates the default demo store, stores it and answers
   * the Overview. Replaces the bench data, so it runs last.
   */
  async firstRun(range: RangePair) {
    const reference = referenceKpis(generateDemoStore({}), range);
    const t0 = performance.now();
    const load = await client.call('loadDemo', [{}]);
    const t1 = performance.now();
    const r = await client.call('overview', [{ range: range.current, compare: 'previous-period' }]);
    const t2 = performance.now();
    return {
      loadDemoMs: t1 - t0,
      overviewMs: t2 - t1,
      totalMs: t2 - t0,
      load,
      reference,
      current: pickKpis(r.current),
      previous: r.previous ? pickKpis(r.previous) : null,
    };
  },

  /**
   * The analysis screens on a warm worker (data loaded first): Overview, Customers (summary,
   * monthly cohort matrix, RFM) and Inventory, each called through the bridge as the PWA does.
   * The first call of each is the one a user waits for (RFM and the inventory plan are cached
   * per dataset after it); `repeat` more calls show the steady state of the uncached ones.
   * `change`: a range change made while customer value's first call fits its models.
   */
  async screens(range: RangePair, repeat: number, change: RangePair) {
    const load = await client.call('load', []);
    const q = { range: range.current, compare: 'previous-period' as const };
    async function timed<T>(call: () => Promise<T>) {
      const ms: number[] = [];
      let last!: T;
      for (let k = 0; k < 1 + repeat; k++) {
        const t0 = performance.now();
        last = await call();
        ms.push(performance.now() - t0);
      }
      return { ms, last };
    }
    const ov = await timed(() => client.call('overview', [q]));
    const cu = await timed(() => client.call('customers', [q]));
    const co = await timed(() => client.call('cohorts', [{ grain: 'month', maxCohorts: 1000 }]));
    const rf = await timed(() => client.call('rfmSegments', []));
    const inv = await timed(() => client.call('inventory', []));
    const pr = await timed(() => client.call('products', [q]));
    // Customer value fits BG/NBD and Gamma-Gamma on every customer: its first call is the fit
    // (then cached per dataset and costs). A range change asked 100 ms into it (the fit runs on
    // its own thread: the worker answers meanwhile), then the customer value calls as the others.
    const fitStart = performance.now();
    let fitMs: number | null = null;
    const fitting = client.call('customerValue', []).then((v) => {
      fitMs = performance.now() - fitStart;
      return v;
    });
    await new Promise((ok) => setTimeout(ok, 100));
    const changeAt = performance.now();
    const during = await client.call('overview', [
      { range: change.current, compare: 'previous-period' as const },
    ]);
    const duringMs = performance.now() - changeAt;
    const fitRunning = fitMs === null;
    await fitting;
    const cvRepeats = await timed(() => client.call('customerValue', []));
    const cv = { ms: [fitMs!, ...cvRepeats.ms.slice(1)], last: cvRepeats.last };
    const c = co.last;
    return {
      load: { orders: load.orders, lines: load.lines },
      overview: {
        ms: ov.ms,
        current: pickKpis(ov.last.current),
        previous: ov.last.previous ? pickKpis(ov.last.previous) : null,
      },
      customers: { ms: cu.ms, summary: cu.last.summary },
      cohorts: {
        ms: co.ms,
        labels: c.labels,
        sizes: Array.from(c.sizes),
        periods: c.periods,
        // Month 0 of each cohort: every customer of a cohort ordered in its first month.
        month0: c.labels.map((_, r) => c.retention[r * c.periods]!),
      },
      rfm: {
        ms: rf.ms,
        customers: rf.last.customers,
        segmentSum: rf.last.segments.reduce((a, s) => a + s.customers, 0),
      },
      inventory: {
        ms: inv.ms,
        rows: inv.last.rows.length,
        negative: inv.last.rows.filter((r) => r.orderQuantity < 0).length,
        purchaseOrders: inv.last.purchaseOrders.length,
      },
      products: {
        ms: pr.ms,
        rows: pr.last.rows.length,
        units: pr.last.rows.reduce((a, r) => a + r.units, 0),
      },
      duringFit: {
        ms: duringMs,
        fitRunning,
        current: pickKpis(during.current),
        previous: during.previous ? pickKpis(during.previous) : null,
      },
      customerValue: {
        ms: cv.ms,
        cohorts: cv.last.cohorts.length,
        customers: cv.last.predicted?.customers ?? 0,
        histories: cv.last.predicted?.histories ?? 0,
      },
    };
  },

  /**
   * A generated Shopify orders export of `bytes` imported end to end through the worker's
   * importFiles (stream, decode, parse, validate, merge, columnar write, reload), after deleting
   * the stored data (as a first import). Next to it: the CSV tokenizer alone on the same bytes
   * (UTF-8 decoding in 1 MB chunks + tokenizing every field), the ceiling an import can reach.
   */
  async importExport(opts: { rawRuns: number; runs: number }) {
    // The export as a manager picks it: a file on disk, given to the page's file input by the
    // runner (a gigabyte export is neither one string nor a Blob a page could hold).
    const input = document.getElementById('export-file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) throw new Error('no export file was given to the bench page');
    // Order names run #1001, #1002, … in file order: the last row's name gives the order count.
    const lastName = /\n#(\d+),[^\n]*\n$/.exec(await file.slice(-4000).text());
    const orders = lastName ? Number(lastName[1]) - 1000 : NaN;
    // The tokenizer alone on the same file, read from the File's stream as the import reads it,
    // UTF-8 decoded, every field materialised. Twice: fed the stream's chunks as delivered, and cut
    // into 64 KB pieces (V8 tokenizes small strings faster); the faster is the raw speed.
    const rawMs: number[] = [];
    const rawWholeMs: number[] = [];
    const chunkSizes = new Set<number>();
    let rawRecords = 0;
    const PIECE = 64 * 1024;
    for (let k = 0; k < 2 * opts.rawRuns; k++) {
      const pieces = k % 2 === 0;
      const t0 = performance.now();
      let records = 0;
      const tok = new CsvTokenizer(',', () => void records++);
      const dec = new TextDecoder('utf-8');
      const reader = file.stream().getReader();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        const b = chunk.value;
        if (chunkSizes.size < 4) chunkSizes.add(b.byteLength);
        if (!pieces) tok.push(dec.decode(b, { stream: true }));
        else
          for (let at = 0; at < b.length; at += PIECE)
            tok.push(dec.decode(b.subarray(at, at + PIECE), { stream: true }));
      }
      tok.push(dec.decode());
      tok.end();
      (pieces ? rawMs : rawWholeMs).push(performance.now() - t0);
      rawRecords = records;
    }
    if (median(rawWholeMs) < median(rawMs)) rawMs.splice(0, rawMs.length, ...rawWholeMs);
    // For comparison: from memory (no File), in 1 MB chunks — up to 512 MB in memory.
    const rawMemMs: number[] = [];
    const data = file.size <= 512e6 ? new Uint8Array(await file.arrayBuffer()) : null;
    for (let k = 0; data && k < opts.rawRuns; k++) {
      const t0 = performance.now();
      const tok = new CsvTokenizer(',', () => undefined);
      const dec = new TextDecoder('utf-8');
      for (let at = 0; at < data.length; at += 1 << 20)
        tok.push(dec.decode(data.subarray(at, at + (1 << 20)), { stream: true }));
      tok.push(dec.decode());
      tok.end();
      rawMemMs.push(performance.now() - t0);
    }
    // The import `runs` times into an empty store; the median run is reported.
    const runs = [];
    for (let k = 0; k < opts.runs; k++) {
      await client.call('deleteAllData', []);
      const phases: Record<string, number> = {};
      const t0 = performance.now();
      const onProgress = proxy((p: ImportProgress) => {
        phases[p.phase] ??= performance.now() - t0;
      });
      const result = await client.call('importFiles', [[file], {}, onProgress]);
      const ms = performance.now() - t0;
      // What the app does next: read the new data for the dashboards (not part of the import).
      const t1 = performance.now();
      await client.call('load', []);
      runs.push({ ms, phases, result, loadMs: performance.now() - t1 });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const { ms, phases, result, loadMs } = runs[Math.floor(runs.length / 2)]!;
    return {
      allMs: runs.map((r) => r.ms),
      rawMemMs,
      bytes: file.size,
      orders,
      rawMs,
      rawWholeMs,
      rawChunkBytes: [...chunkSizes],
      rawRecords,
      ms,
      loadMs,
      workerMs: result.ms,
      phases,
      tables: result.tables,
      ranges: result.files[0]?.ranges ?? 0,
      rejected: result.rejected,
      firstError: result.errors[0] ?? null,
    };
  },

  /**
   * The whole UCI Online Retail file (541,909 invoice lines, 48 MB, CC BY 4.0), imported as the
   * Import screen does (preview, the suggested mapping, the zone and currency asked), into an
   * empty store; then the Overview over its whole span. The runner checks the figures against
   * tests/fixtures/real/uci/expected.py run on the same file.
   */
  async importUci(opts: { url: string; range: { start: string; end: string } }) {
    const res = await fetch(opts.url);
    if (!res.ok) return { missing: `${opts.url}: HTTP ${res.status}` };
    const file = new File([await res.blob()], 'online_retail.csv', { type: 'text/csv' });
    await client.call('deleteAllData', []);
    const t0 = performance.now();
    const preview = await client.call('previewFile', [file]);
    const t1 = performance.now();
    const result = await client.call('importFiles', [
      [file],
      {
        mappings: preview.suggestedMapping ? { [file.name]: preview.suggestedMapping } : {},
        timezone: 'Europe/London',
        currency: 'GBP',
      },
    ]);
    const t2 = performance.now();
    await client.call('load', []);
    const t3 = performance.now();
    const o = await client.call('overview', [{ range: opts.range, compare: 'none' }]);
    const t4 = performance.now();
    return {
      missing: null,
      bytes: file.size,
      previewMs: t1 - t0,
      importMs: t2 - t1,
      loadMs: t3 - t2,
      overviewMs: t4 - t3,
      rejected: result.rejected,
      firstError: result.errors[0] ?? null,
      kpis: {
        orders: o.current.orders,
        grossSales: o.current.grossSales,
        returns: o.current.returns,
        netSales: o.current.netSales,
        customers: o.current.customers,
      },
    };
  },

  /**
   * The extension's page analysis on a 1 MB product page, on the main thread: the page is parsed
   * once with DOMParser (the browser has done that already on a real page). First `runs` staged
   * analyses (analyzePageStaged, the reader's path; the first is cold, as in the extension), each
   * with its work time, longest task and number of tasks; then analyzePage `runs` times, each timed.
   */
  async analyzeLargePage(runs: number) {
    const html = makeLargeProductPage(1_000_000);
    const url = 'https://fieldhouse.example/products/merino-crew';
    const t0 = performance.now();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const parseMs = performance.now() - t0;
    const product = (a: ReturnType<typeof analyzePage> | null) => {
      const p = a?.products[0];
      return {
        products: a?.products.length ?? 0,
        name: p?.name?.value ?? null,
        price: p?.price ?? null,
        currency: p?.currency?.value ?? null,
        variants: p?.variants?.length ?? 0,
        truncated: a?.timings.truncated ?? null,
      };
    };
    const staged: { workMs: number; longestTaskMs: number; tasks: number; elapsedMs: number }[] =
      [];
    let stagedLast = null as null | ReturnType<typeof analyzePage>;
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      stagedLast = await analyzePageStaged(doc, url, { rawHtml: html, now: Date.now() });
      staged.push({
        workMs: stagedLast.timings.ms,
        longestTaskMs: stagedLast.timings.longestTaskMs ?? stagedLast.timings.ms,
        tasks: stagedLast.timings.tasks ?? 1,
        elapsedMs: performance.now() - t,
      });
    }
    const ms: number[] = [];
    let last = null as null | ReturnType<typeof analyzePage>;
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      last = analyzePage(doc, url, { rawHtml: html, now: Date.now() });
      ms.push(performance.now() - t);
    }
    return {
      bytes: new TextEncoder().encode(html).length,
      parseMs,
      ms,
      ...product(last),
      staged,
      stagedProduct: product(stagedLast),
    };
  },

  /**
   * The competitor history view for 50 tracked products × 3 years of daily checks: index the
   * snapshots, build every product's chart columns and summary, and draw the first product's
   * chart with uPlot (timed until the next frame). Generating the history is not timed.
   */
  async history(runs: number, end: number) {
    const { table, productIds } = demoSnapshotHistory({ products: 50, days: 1095, end });
    const out: { ms: number; computeMs: number }[] = [];
    let points = 0;
    let summaries = 0;
    let canvas = false;
    for (let k = 0; k < runs; k++) {
      const el = document.createElement('div');
      document.body.append(el);
      const t0 = performance.now();
      const index = indexHistory(table);
      const series = productIds.map((id) => productSeries(index, id));
      const sums = productIds.map((id) => summarizeHistory(index, id, end));
      const t1 = performance.now();
      const first = series[0]!;
      const plot = new uPlot(
        {
          width: 900,
          height: 320,
          scales: { x: { time: true } },
          series: [{}, { label: 'Price', stroke: '#2563eb' }, { label: 'Was', stroke: '#9ca3af' }],
        },
        [first.x, first.price, first.wasPrice] as unknown as uPlot.AlignedData,
        el,
      );
      await new Promise((ok) => requestAnimationFrame(() => ok(null)));
      const t2 = performance.now();
      points = series.reduce((a, x) => a + x.x.length, 0);
      summaries = sums.filter((x) => x.checks === 1095 && x.lastCheckAt != null).length;
      canvas = !!el.querySelector('canvas');
      plot.destroy();
      el.remove();
      out.push({ ms: t2 - t0, computeMs: t1 - t0 });
    }
    return { runs: out, rows: table.length, points, summaries, canvas };
  },

  /** The same questions on DuckDB-WASM and on the Storelens worker (loaded only by this call). */
  async duckdb(opts: {
    seed: number;
    lines: number;
    main: RangePair;
    changes: RangePair[];
    repeat: number;
  }) {
    const { compareWithDuckDb } = await import('./duck.ts');
    return compareWithDuckDb(client, opts);
  },

  /** Date-range changes on the loaded worker: each timed, each answer returned for checking. */
  async recompute(ranges: RangePair[], repeat: number) {
    const out: { ms: number[]; current: Kpis; previous: Kpis | null }[] = [];
    for (const range of ranges) {
      const ms: number[] = [];
      let last = null as null | Awaited<ReturnType<typeof client.call<'overview'>>>;
      for (let k = 0; k < repeat; k++) {
        const t0 = performance.now();
        last = await client.call(
          'overview',
          [{ range: range.current, compare: 'previous-period' }],
          { supersede: 'overview' },
        );
        ms.push(performance.now() - t0);
      }
      out.push({
        ms,
        current: pickKpis(last!.current),
        previous: last!.previous ? pickKpis(last!.previous) : null,
      });
    }
    return out;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.getElementById('state')!.textContent = 'bench ready';
