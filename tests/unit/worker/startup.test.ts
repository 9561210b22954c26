/**
 * A returning manager's first screen from the startup entry: the Overview of the default view is
 * answered before the store is read, only while the entry matches the stored data, and a stale
 * answer is caught by the load behind it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import type { DataStatus } from '../../../core/worker/api.ts';
import { readStartup, storeVersion, writeStartup } from '../../../core/worker/startup.ts';

const real = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));
const file = (path: string) => new File([readFileSync(real + path)], path.split('/').pop()!);
const expected = JSON.parse(readFileSync(real + 'uci/expected.json', 'utf8'));

let n = 0;
async function importedStore() {
  const name = `startup-${++n}`;
  const open = () => createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  const api = open();
  const f = file('uci/online-retail-slice.csv');
  const preview = await api.previewFile(f);
  await api.importFiles([f], {
    mappings: { [f.name]: preview.suggestedMapping! },
    timezone: 'Europe/London',
    currency: 'GBP',
  });
  const status = await api.load();
  const q = { range: status.defaultRange!, compare: 'previous-period' as const };
  return { name, open, api, q };
}

/** The entry is written behind the answer: wait until it is there. */
async function entryOf(name: string) {
  const db = await openStoreDb({ name });
  const version = await storeVersion(db, new Date().toISOString().slice(0, 10));
  for (let k = 0; k < 50; k++) {
    const e = await readStartup<DataStatus>(db, version);
    if (e) return { db, e, version };
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error('no startup entry was written');
}

describe('the startup entry', () => {
  it("answers the default Overview on a cold start without reading the store, with the store's numbers", async () => {
    const { name, open, api, q } = await importedStore();
    const first = await api.overview(q);
    expect(first.current.netSales).toBe(expected.netSalesMinor);
    await entryOf(name);

    const cold = open();
    const quick = await cold.quickStart();
    expect(quick?.status).toMatchObject({ empty: false, currency: 'GBP', lastDay: '2010-12-01' });
    expect(quick?.dimensions.countries).toContain('GB');
    const answer = await cold.overview(q);
    // Not loaded: the answer came from the entry, and it is the one computed from the rows.
    expect((await cold.status()).loaded).toBe(false);
    expect(answer.current).toMatchObject({
      orders: expected.orders,
      netSales: expected.netSalesMinor,
      customers: expected.customers,
    });
    expect(Array.from(answer.series.netSales)).toEqual(Array.from(first.series.netSales));
    // The load behind it finds the same answer: nothing to re-read.
    expect((await cold.load()).startupStale).toBeUndefined();
    // Another query waits for the data as always.
    const week = await cold.overview({ range: { start: '2010-12-01', end: '2010-12-01' } });
    expect(week.current.orders).toBe(expected.orders);
  });

  it('is not used once the stored data changed (an import, here an undo of the import)', async () => {
    const { name, open, api, q } = await importedStore();
    await api.overview(q);
    await entryOf(name);
    const history = await api.importHistory();
    await api.undoImport(history[0]!.id);
    const cold = open();
    expect(await cold.quickStart()).toBeNull();
  });

  it("checks the page's own copy of the entry (quickStart shown), and refuses it once the data changed", async () => {
    const { name, open, api, q } = await importedStore();
    await api.overview(q);
    const { e } = await entryOf(name);
    // The copy the page painted: the worker checks that one against the data it reads.
    const painted = {
      ...e,
      overview: { ...e.overview, current: { ...e.overview.current, netSales: 1 } },
    };
    const cold = open();
    expect(await cold.quickStart({ shown: painted })).toMatchObject({
      status: { currency: 'GBP', lastDay: '2010-12-01' },
    });
    expect((await cold.load()).startupStale).toBe(true);
    // The unchanged copy is found right.
    const again = open();
    expect(await again.quickStart({ shown: e })).not.toBeNull();
    expect((await again.load()).startupStale).toBeUndefined();
    // Another tab undid the import after the page read the entry: its copy is not kept.
    const history = await api.importHistory();
    await api.undoImport(history[0]!.id);
    expect(await open().quickStart({ shown: e })).toBeNull();
  });

  it('says so when the data answers otherwise, and goes with "delete all data"', async () => {
    const { name, open, api, q } = await importedStore();
    await api.overview(q);
    const { db, e, version } = await entryOf(name);
    // Something the version cannot see: the entry holds another figure than the data gives.
    await writeStartup(db, {
      ...e,
      overview: { ...e.overview, current: { ...e.overview.current, netSales: 1 } },
    });
    const cold = open();
    expect(await cold.quickStart()).not.toBeNull();
    expect((await cold.overview(q)).current.netSales).toBe(1);
    expect((await cold.load()).startupStale).toBe(true);
    // Loaded now: the overview is the data's.
    expect((await cold.overview(q)).current.netSales).toBe(expected.netSalesMinor);

    await cold.deleteAllData();
    expect(await readStartup(db, version)).toBeNull();
  });
});
