/**
 * Where the analytics worker's memory goes: generates the bench's demo store, stores and reads it
 * as the worker does (fake-indexeddb), builds the dataset, asks the bench's Overviews, then sums
 * each field's typed-array bytes and estimates its strings. Run:
 *   node --expose-gc node_modules/.bin/jiti tests/tools/memory-breakdown.ts [lines]
 */
import 'fake-indexeddb/auto';
import { generateDemoStore } from '../../core/demo/index.ts';
import { openStoreDb, readAll } from '../../core/db/index.ts';
import { analyticsColumns, writeDemoStore } from '../../core/worker/api.ts';
import { createDataset, overview, daySummary } from '../../core/analytics/index.ts';

const lines = Number(process.argv[2] ?? 1_000_000);
const seen = new Set<unknown>();
/** V8 keeps a string of Latin-1 characters at one byte each. */
const wide = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return true;
  return false;
};
/** Bytes reachable from v not counted yet (typed arrays by buffer, strings 2 B/char + 16 header). */
function sizeOf(v: unknown): number {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string') return 16 + v.length * (wide(v) ? 2 : 1);
    return 0;
  }
  if (ArrayBuffer.isView(v)) {
    if (seen.has(v.buffer)) return 0;
    seen.add(v.buffer);
    return v.buffer.byteLength;
  }
  if (seen.has(v)) return 0;
  seen.add(v);
  let n = 0;
  if (Array.isArray(v)) {
    n += 16 + 8 * v.length;
    for (const x of v) n += sizeOf(x);
  } else if (v instanceof Map) {
    n += 40 * v.size;
    for (const [k, x] of v) n += sizeOf(k) + sizeOf(x);
  } else if (v instanceof Set) {
    n += 24 * v.size;
    for (const k of v) n += sizeOf(k);
  } else {
    const entries = Object.entries(v);
    n += 24 + 8 * entries.length;
    for (const [, x] of entries) n += sizeOf(x);
  }
  return n;
}
const mb = (b: number) => (b / 1e6).toFixed(1).padStart(7);
function report(title: string, obj: Record<string, unknown>, min = 0.05e6): number {
  const rows: [string, number, string][] = [];
  let total = 0;
  for (const [k, v] of Object.entries(obj)) {
    const b = sizeOf(v);
    total += b;
    const kind = ArrayBuffer.isView(v)
      ? v.constructor.name
      : v && typeof v === 'object' && 'codes' in v
        ? `codes ${(v as { codes: { constructor: { name: string } } }).codes.constructor.name}, dict ${(v as unknown as { dict: string[] }).dict.length}`
        : '';
    rows.push([k, b, kind]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  console.log(`\n${title}: ${mb(total)} MB`);
  for (const [k, b, kind] of rows) if (b >= min) console.log(`  ${mb(b)}  ${k}  ${kind}`);
  return total;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const db = await openStoreDb();
/** Generates and stores the demo store; it is garbage once this returns. */
async function storeDemo() {
  const store = generateDemoStore({ seed: 42, lines });
  await writeDemoStore(db, store, 'x');
  console.log(`${store.orders.length} orders, ${store.lines.length} lines`);
}
await storeDemo();
gc();
const before = process.memoryUsage();
const data = await readAll(db, { columns: analyticsColumns });
const ds = createDataset({ ...data, settings: data.settings! });
const day = (s: string) => s;
for (const [start, end] of [
  ['2026-10-27', '2026-11-25'],
  ['2026-11-19', '2026-11-25'],
  ['2026-10-01', '2026-10-31'],
  ['2025-11-01', '2025-11-30'],
  ['2026-01-01', '2026-06-30'],
  ['2025-11-26', '2026-11-25'],
  ['2026-11-01', '2026-11-25'],
])
  overview(ds, { range: { start: day(start!), end: day(end!) }, compare: 'previous-period' });
gc();
const after = process.memoryUsage();
console.log(
  `node heap+buffers after load and queries: heapUsed +${mb(after.heapUsed - before.heapUsed)} MB, arrayBuffers +${mb(after.arrayBuffers - before.arrayBuffers)} MB`,
);
let total = 0;
total += report('orders columns', ds.orders.columns as unknown as Record<string, unknown>);
total += report('lines columns', ds.lines.columns as unknown as Record<string, unknown>);
const { orders: _o, lines: _l, input: _i, daily, customerHistory, ...rest } = ds;
total += report('dataset derived arrays', rest as unknown as Record<string, unknown>);
total += report('daily + customerHistory', { daily, customerHistory });
total += report('day summary (cache)', { ...daySummary(ds) } as unknown as Record<string, unknown>);
total += report('input (rest)', { ...ds.input } as unknown as Record<string, unknown>);
console.log(`\ntotal counted: ${mb(total)} MB`);
