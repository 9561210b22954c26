// Reading a big export in byte ranges (one per thread) must store exactly what reading it in one
// go stores, with the same rejected rows and row numbers. Ranges run in-process here (the same
// readRange the range worker runs); the bench and an end-to-end test run them on real workers.
import { describe, expect, it } from 'vitest';
import { getSettings, openStoreDb, readTable, saveSettings } from '../../../core/db/index.ts';
import { settingsSchema } from '../../../core/schema/store.ts';
import { linesFromTable, ordersFromTable } from '../../../core/ingest/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { readRange, type PartRequest } from '../../../core/worker/parts.ts';
import { shopifyOrdersCsv } from '../../fixtures/exports/generate-shopify-orders.ts';

let n = 0;

function setup(parts: boolean) {
  const name = `import-parts-${++n}`;
  const ranges: PartRequest[] = [];
  const api = createAnalyticsApi({
    openDb: () => openStoreDb({ name }),
    ...(parts && {
      parts: {
        runPart: (req: PartRequest, onProgress: (b: number, r: number) => void) => {
          ranges.push(req);
          return { started: Promise.resolve(), done: readRange(req, onProgress) };
        },
        maxParts: 4,
        minPartBytes: 256 * 1024,
      },
    }),
  });
  return { api, ranges, open: () => openStoreDb({ name }) };
}

async function stored(open: () => Promise<Awaited<ReturnType<typeof openStoreDb>>>) {
  const db = await open();
  const orders = ordersFromTable(await readTable(db, 'orders'));
  const lines = linesFromTable(await readTable(db, 'lines'));
  db.close();
  return { orders, lines };
}

/** What Settings saves when the user ticks "Keep customer emails" (before the first import). */
async function keepEmails(open: () => ReturnType<typeof openStoreDb>) {
  const db = await open();
  const s = (await getSettings(db)) ?? settingsSchema.parse({ timezone: 'America/New_York' });
  await saveSettings(db, { ...s, keepEmails: true, updatedAt: Date.now() });
  db.close();
}

/** Imports the same text in one go and in ranges; returns both results and stored states. */
async function both(text: string, opts: { emails?: boolean } = {}) {
  const file = () => new File([text], 'orders_export_1.csv');
  const one = setup(false);
  const many = setup(true);
  if (opts.emails) {
    await keepEmails(one.open);
    await keepEmails(many.open);
  }
  const a = await one.api.importFiles([file()], { timezone: 'America/New_York' }, undefined);
  const b = await many.api.importFiles([file()], { timezone: 'America/New_York' }, undefined);
  return {
    a,
    b,
    ranges: many.ranges,
    storedA: await stored(one.open),
    storedB: await stored(many.open),
    stores: { one: one.open, many: many.open },
  };
}

/** `both` with kept emails; `emails` holds each store's kept emails, sorted (salts differ). */
async function bothWithEmails(text: string) {
  const r = await both(text, { emails: true });
  const emailsOf = async (name: 'one' | 'many') => {
    const db = await r.stores[name]();
    const all = (await db.getAll('emails')).map((e) => e.email).sort();
    db.close();
    return all;
  };
  return { ...r, emails: { one: await emailsOf('one'), many: await emailsOf('many') } };
}

const comparable = (r: Awaited<ReturnType<typeof both>>['a']) => ({
  files: r.files.map(({ ranges: _r, ...f }) => f),
  tables: r.tables,
  rejected: r.rejected,
  errors: r.errors,
  settings: r.settingsCreated && { ...r.settingsCreated, salt: '', updatedAt: 0 },
});

/** A ~1.2 MB export with rejected rows in several quarters of the file. */
function brokenExport(): string[] {
  const rows = shopifyOrdersCsv(1_200_000, 6).split('\n');
  const at = (f: number) => Math.floor(rows.length * f);
  const cellsOf = (i: number) => rows[i]!.split(',');
  const plain = (i: number) => /^#\d+,[^"]*$/.test(rows[i]!) && cellsOf(i).length > 20;
  // The first row of an order (order fields such as 'Currency' are on it only), on a line of its
  // own, from a fraction of the file on.
  const orderStart = (from: number) => {
    let i = at(from);
    while (!plain(i) || cellsOf(i)[7] === '') i++;
    return i;
  };
  const set = (i: number, col: number, value: string) => {
    const cells = cellsOf(i);
    cells[col] = value;
    rows[i] = cells.join(',');
  };
  // Errors in every quarter: an unreadable date, a bad amount, and an order that appears again
  // a few orders later (within one range: rows of an order must stay together).
  set(orderStart(0.1), 15, '31/02/2024 25:00');
  set(orderStart(0.55), 11, '12.34.5x');
  const first = orderStart(0.8);
  let later = first + 1;
  for (let k = 0; k < 3; k++) later = orderStart((later + 1) / rows.length);
  rows.splice(later, 0, rows[first]!);
  return rows;
}

describe('importing a big export in ranges', () => {
  it('stores the same orders and lines as one reader, in file order', async () => {
    const text = shopifyOrdersCsv(1_200_000, 5);
    const { a, b, ranges, storedA, storedB } = await both(text);
    expect(ranges).toHaveLength(3); // 4 ranges: 3 on other threads, 1 in place
    expect(b.files[0]!.ranges).toBe(4);
    expect(a.files[0]!.ranges).toBe(1);
    expect(comparable(b)).toEqual(comparable(a));
    expect(b.rejected).toBe(0);
    // Customer keys are salted per store: compare everything else, row by row, in order.
    const strip = <T extends { customerKey?: string }>(xs: T[]) =>
      xs.map(({ customerKey: _k, ...x }) => x);
    expect(strip(storedB.orders)).toEqual(strip(storedA.orders));
    expect(storedB.lines).toEqual(storedA.lines);
    expect(storedB.orders.length).toBeGreaterThan(1500);
    // Ranges start where an order starts (offsets are bytes), after the header line.
    const bytes = new TextEncoder().encode(text);
    for (const r of ranges) {
      expect(new TextDecoder().decode(r.head!)).toMatch(/^Name,Email,/);
      expect(bytes[r.start - 1]).toBe(0x0a);
      expect(String.fromCharCode(bytes[r.start]!)).toBe('#');
    }
  });

  it('keeps the same customer emails (when the store keeps them) as one reader', async () => {
    const { b, ranges, emails } = await bothWithEmails(shopifyOrdersCsv(1_200_000, 8));
    expect(ranges.length).toBeGreaterThanOrEqual(2);
    expect(b.files[0]!.ranges).toBe(4);
    expect(emails.many).toEqual(emails.one);
    expect(emails.one.length).toBeGreaterThan(100);
  });

  it('numbers rejected rows as in the file, also in messages that name another row', async () => {
    const rows = brokenExport();
    const { a, b } = await both(rows.join('\n'));
    expect(b.files[0]!.ranges).toBe(4);
    expect(a.rejected).toBeGreaterThanOrEqual(3);
    // One reader is the reference: same rows, same messages, same row numbers in them.
    const messages = a.errors.map((e) => `${e.row}: ${e.message}`).join('\n');
    expect(messages).toMatch(/not a date/);
    expect(messages).toMatch(/is not an amount/);
    expect(messages).toMatch(/appears again after other orders \(first on row \d+\)/);
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('reads the file in one go when an order appears in two ranges', async () => {
    const rows = brokenExport();
    // The first order again near the end: one reader names the row it first appeared on.
    rows.splice(rows.length - 3, 0, rows[1]!);
    const { a, b } = await both(rows.join('\n'));
    expect(b.files[0]!.ranges).toBe(1);
    expect(a.errors.map((e) => e.message).join('\n')).toMatch(/first on row 2\)/);
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('reads the file in one go when the ranges would cut an order in two', async () => {
    // One huge order: every cut falls inside it (between lines of quoted notes, which look like
    // new orders), so the ranges do not join and the file is read in one go.
    const text = shopifyOrdersCsv(900_000, 7);
    const [header, ...rest] = text.split('\n');
    const sameName = rest.map((r) => (r === '' ? r : r.replace(/^#\d+/, '#1001')));
    const { a, b } = await both([header, ...sameName].join('\n'));
    expect(a.tables.orders?.total).toBe(1);
    expect(b.files[0]!.ranges).toBe(1);
    expect(comparable(b)).toEqual(comparable(a));
  });
});
