/**
 * A cold start answers the Overview of any unfiltered range from the stored day summary, before
 * the store's columns are read, with the numbers the loaded data gives; filtered queries and
 * other screens wait for the data; the summary is kept only for the data it was made from.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerJson } from '../../../core/worker/answer-json.ts';
import { openStoreDb } from '../../../core/db/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import type { DataStatus } from '../../../core/worker/api.ts';
import type { Query } from '../../../core/analytics/index.ts';
import type { ProfitCard } from '../../../core/worker/profit.ts';
import {
  readDaySummary,
  readProfitCard,
  readStartup,
  startupDay,
  storeVersion,
  writeDaySummary,
  writeProfitCard,
} from '../../../core/worker/startup.ts';
import { referenceKpis } from '../../bench/page/reference.ts';

const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 1500 });
let n = 0;

/** Typed arrays as plain arrays (NaN kept), so toEqual compares every element. */
const plain = (o: unknown): unknown => JSON.parse(answerJson(o));

/** The summary is written a moment after the load: wait until the stored one is of the data. */
async function summaryOf(name: string) {
  const db = await openStoreDb({ name });
  for (let k = 0; k < 200; k++) {
    const version = await storeVersion(db, startupDay());
    const s = await readDaySummary<DataStatus>(db, version);
    if (s) return { db, s, version };
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error('no day summary was stored');
}

async function demoStore() {
  const name = `day-summary-${++n}`;
  const open = () =>
    createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
  const warm = open();
  await warm.loadDemo({ seed: 9 });
  await summaryOf(name);
  return { name, open, warm };
}

// The demo store ends on 2026-11-25 and starts three years before.
const RANGES = [
  { start: '2026-10-27', end: '2026-11-25' }, // the default view
  { start: '2026-11-01', end: '2026-11-07' },
  { start: '2026-03-01', end: '2026-05-31' },
  { start: '2025-11-26', end: '2026-11-25' },
  { start: '2023-11-10', end: '2023-12-31' }, // crosses the first day
  { start: '2026-11-20', end: '2026-12-20' }, // past the last day
  { start: '2027-01-01', end: '2027-01-31' }, // all past the data
  { start: '2020-01-01', end: '2020-01-31' }, // before the data
  { start: '2024-02-29', end: '2024-02-29' },
];

describe('the day summary on a cold start', () => {
  it('answers the Overview of any range, refund dating either way, before the data is read, as the loaded data does', async () => {
    const { open, warm } = await demoStore();
    const queries: Query[] = RANGES.flatMap((range) =>
      (['previous-period', 'previous-year', 'none'] as const).flatMap((compare) => [
        { range, compare },
        { range, compare, refundDating: 'order' as const, filters: {} },
      ]),
    );
    const cold = open();
    // No startup entry was written (no default Overview was asked): the summary's status.
    const quick = await cold.quickStart();
    expect(quick?.status).toMatchObject({
      empty: false,
      demo: true,
      lastDay: '2026-11-25',
      currency: 'USD',
      orders: 1500,
    });
    expect(quick?.dimensions.channels.length).toBeGreaterThan(1);
    const answers = [];
    for (const q of queries) answers.push(await cold.overview(q));
    expect((await cold.status()).loaded).toBe(false);
    for (const [k, q] of queries.entries())
      expect(plain(answers[k]!), JSON.stringify(q)).toEqual(plain(await warm.overview(q)));
    // The load behind finds the same data: nothing to re-read.
    const load = await cold.load();
    expect(load.summaryAnswers).toBe(queries.length);
    expect(load.startupStale).toBeUndefined();

    // And the numbers are the rows': the 30 days to the last day, counted row by row.
    const ref = referenceKpis(small({ seed: 9 }), {
      current: RANGES[0]!,
      previous: { start: '2026-09-27', end: '2026-10-26' },
    });
    const first = answers[0]!;
    for (const [got, want] of [
      [first.current, ref.current],
      [first.previous!, ref.previous],
    ] as const) {
      expect(got.orders).toBe(want.orders);
      expect(got.customers).toBe(want.customers);
      expect(got.newCustomers).toBe(want.newCustomers);
      expect(got.returningCustomers).toBe(want.returningCustomers);
      expect(got.netSales).toBeCloseTo(want.netSales, 4);
    }
  });

  it('leaves filtered queries and other screens to the data, which they wait for', async () => {
    const { open, warm } = await demoStore();
    const channel = (await warm.dimensions()).channels[0]!;
    const q = { range: RANGES[2]!, filters: { channel: [channel] } };
    const cold = open();
    const filtered = await cold.overview(q);
    expect((await cold.status()).loaded).toBe(true);
    expect(plain(filtered)).toEqual(plain(await warm.overview(q)));
    expect(filtered.current.orders).toBeLessThan(
      (await warm.overview({ range: q.range })).current.orders,
    );

    const other = open();
    expect((await other.bestSellers({ range: RANGES[2]! }, 3)).length).toBe(3);
    expect((await other.status()).loaded).toBe(true);
  });

  it('is not used once the data changed (a settings change), and the next load keeps the new one', async () => {
    const { name, open, warm } = await demoStore();
    const settings = (await (await openStoreDb({ name })).get('settings', 'settings'))!;
    await warm.saveSettings({ ...settings, refundDating: 'order' }, []);
    const q = { range: RANGES[2]! };
    const cold = open();
    expect(await cold.quickStart()).toBeNull();
    const answer = await cold.overview(q);
    // Read from the store, with the new setting.
    expect((await cold.status()).loaded).toBe(true);
    expect(plain(answer)).toEqual(plain(await warm.overview(q)));
    // That load stored the summary of the data as it is now: order dating by default.
    const { s } = await summaryOf(name);
    expect(s.days.refundDating).toBe('order');
    const again = open();
    expect(plain(await again.overview(q))).toEqual(plain(answer));
    expect((await again.status()).loaded).toBe(false);
  });

  it('serves the day it was made and later days alike (its version has no day)', async () => {
    const { name } = await demoStore();
    const db = await openStoreDb({ name });
    const tomorrow = await storeVersion(db, '2099-01-01');
    expect(await readStartup(db, tomorrow)).toBeNull();
    expect((await readDaySummary(db, tomorrow))?.status).toMatchObject({ orders: 1500 });
  });

  it('says so when the data answers otherwise, and goes with "delete all data"', async () => {
    const { name, open } = await demoStore();
    const { db, s, version } = await summaryOf(name);
    // Something the version cannot see: the summary holds other figures than the data gives.
    const gross = s.days.daily.gross.slice();
    gross[gross.length - 1]! += 100_000;
    await writeDaySummary(db, version, {
      ...s,
      days: { ...s.days, daily: { ...s.days.daily, gross } },
    });
    const cold = open();
    const q = { range: RANGES[0]! };
    const shown = await cold.overview(q);
    const load = await cold.load();
    expect(load.startupStale).toBe(true);
    expect(shown.current.grossSales - (await cold.overview(q)).current.grossSales).toBeCloseTo(
      100_000,
      6,
    );

    await cold.deleteAllData();
    expect(await readDaySummary(db, version)).toBeNull();
    // An empty store: nothing answers from a summary; the Overview says there is no data.
    await expect(open().overview(q)).rejects.toMatchObject({ code: 'no-data' });
  });

  it('after the load agrees with what it showed, the next visit of the day paints the default view from the startup entry', async () => {
    const { name, open, warm } = await demoStore();
    const q = { range: RANGES[0]!, compare: 'previous-period' as const };
    const cold = open();
    await cold.quickStart();
    const shown = await cold.overview(q);
    expect((await cold.load()).startupStale).toBeUndefined();
    const db = await openStoreDb({ name });
    let entry = null;
    for (let k = 0; k < 100 && !entry; k++) {
      entry = await readStartup<DataStatus>(db, storeVersion(db, startupDay()));
      if (!entry) await new Promise((ok) => setTimeout(ok, 20));
    }
    expect(entry?.query).toBe(JSON.stringify(q));
    expect(plain(entry!.overview)).toEqual(plain(shown));
    expect(plain(entry!.overview)).toEqual(plain(await warm.overview(q)));
    // The next start is answered from it without the data.
    const next = open();
    expect((await next.quickStart())?.status.orders).toBe(1500);
    expect(plain(await next.overview(q))).toEqual(plain(shown));
    expect((await next.status()).loaded).toBe(false);
  });
});

describe("the Overview's net profit card on a cold start", () => {
  afterEach(() => void vi.useRealTimers());

  /** The demo store (its "today" is its last day, 25 Nov 2026), visited on 20 Nov. */
  async function cardStore() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-20T12:00:00Z'));
    const { name, open, warm } = await demoStore();
    const card = await warm.profitCard();
    const db = await openStoreDb({ name });
    const version = await storeVersion(db, startupDay());
    for (let k = 0; k < 100 && !(await readProfitCard(db, version)); k++)
      await new Promise((ok) => setTimeout(ok, 20));
    return { name, open, card, db, version };
  }

  it('is the card last answered for the same data and day, before the store is read; the load finds it right', async () => {
    const { open, card } = await cardStore();
    expect(card.month).toBe('2026-11');
    expect(card.end).toBe('2026-11-25');
    expect(card.pnl.netSales).toBeGreaterThan(0);
    const cold = open();
    await cold.quickStart();
    const shown = await cold.profitCard();
    expect((await cold.status()).loaded).toBe(false);
    expect(shown).toEqual(card);
    const load = await cold.load();
    expect(load.startupStale).toBeUndefined();
    // Another month is always the data's.
    const october = await cold.profitCard('2026-10');
    expect(october.month).toBe('2026-10');
    expect(october.pnl.netSales).not.toBe(card.pnl.netSales);
  });

  it('says so when the data gives another card, and a new day or other data does not use it', async () => {
    const { open, card, db, version, name } = await cardStore();
    const wrong: ProfitCard = {
      ...card,
      pnl: { ...card.pnl, netProfit: card.pnl.netProfit + 1000 },
    };
    await writeProfitCard(db, version, wrong);
    const cold = open();
    expect((await cold.profitCard()).pnl.netProfit).toBeCloseTo(card.pnl.netProfit + 1000, 6);
    expect((await cold.load()).startupStale).toBe(true);
    expect((await cold.profitCard()).pnl.netProfit).toBeCloseTo(card.pnl.netProfit, 6);

    // The next day (a live store's month to date has changed): computed from the data.
    vi.setSystemTime(Date.parse('2026-11-21T12:00:00Z'));
    const tomorrow = open();
    expect((await tomorrow.profitCard()).pnl.netProfit).toBeCloseTo(card.pnl.netProfit, 6);
    expect((await tomorrow.status()).loaded).toBe(true);

    // Other data (a settings change): computed from the data.
    const settings = (await (await openStoreDb({ name })).get('settings', 'settings'))!;
    await tomorrow.saveSettings({ ...settings, refundDating: 'order' }, []);
    const changed = open();
    await changed.profitCard();
    expect((await changed.status()).loaded).toBe(true);

    await changed.deleteAllData();
    expect(await readProfitCard(db, version)).toBeNull();
  });
});
