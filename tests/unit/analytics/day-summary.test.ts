// The day summary a cold start answers the Overview from (core/analytics/summary.ts): after the
// structured clone IndexedDB makes of it, it gives exactly the loaded dataset's Overview for any
// unfiltered range — refund dating either way, every comparison, ranges past and before the data,
// an empty store — the same figures as the row-level scan (a filter that keeps every order), and
// the figures of a row-by-row count that shares no code with core/analytics.
import { describe, expect, it } from 'vitest';
import { answerJson } from '../../../core/worker/answer-json.ts';
import { syntheticStore, prng, type StoreInput } from './synthetic.ts';
import {
  createDataset,
  daySummary,
  overview,
  summaryOverview,
  type Comparison,
  type Query,
} from '../../../core/analytics/index.ts';
import { generateDemoStore } from '../../../core/demo/index.ts';
import { build } from './fixtures.ts';
import { referenceKpis } from '../../bench/page/reference.ts';

const DAY = 86_400_000;

/**
 * The synthetic store (guests, three currencies one with FX gaps, cancellations, partial refunds,
 * traffic, ad spend) plus what it lacks: credit notes, and refunds dated on two days of their own
 * (a store connection's `refunds` cell), so refund dating splits an order's return over days.
 */
function store(): StoreInput {
  const input = syntheticStore({ orders: 6000, seed: 11, days: 400 });
  const oc = input.orders.columns;
  const n = input.orders.length;
  const kind = new Int32Array(n);
  const refundCodes = new Int32Array(n);
  const cells = [''];
  let dated = 0;
  for (let i = 0; i < n; i++) {
    if (i % 97 === 5 && oc.refunded[i] === 0) {
      // A credit note (core/schema store.ts): money 0 but the goods refunded, lines of quantity 0.
      kind[i] = 1;
      oc.refunded[i] = oc.total[i]! - oc.shipping[i]! - oc.taxes[i]!;
      oc.refundedAt[i] = oc.createdAt[i]!;
      for (const k of ['discounts', 'shipping', 'taxes', 'total'] as const) oc[k][i] = 0;
      continue;
    }
    const r = oc.refunded[i]!;
    if (r > 0 && oc.cancelledAt[i] !== oc.cancelledAt[i] && i % 2 === 0) {
      const first = Math.round(r / 3);
      const t = oc.refundedAt[i]!;
      refundCodes[i] = cells.length;
      cells.push(`${t - 6 * DAY},${first},,,;${t},${r - first},,,`);
      dated++;
    }
  }
  expect(dated).toBeGreaterThan(20);
  const lc = input.lines.columns;
  for (let j = 0; j < input.lines.length; j++) {
    if (kind[lc.orderId.codes[j]!] !== 1) continue;
    lc.refundedQuantity[j] = lc.quantity[j]!;
    lc.quantity[j] = 0;
    lc.discount[j] = 0;
  }
  oc.kind = { dict: ['order', 'return'], codes: kind };
  oc.refunds = { dict: cells, codes: refundCodes };
  return input;
}

/** What IndexedDB stores and gives back: a structured clone. */
const stored = <T>(v: T): T => structuredClone(v);

/** Typed arrays as plain arrays (NaN kept), so toEqual compares every element. */
const plain = (o: unknown): unknown => JSON.parse(answerJson(o));

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const START = Date.UTC(2023, 0, 1);

/** Ranges over the data, crossing its first and last day, past it and before it, and random ones. */
function ranges(): { start: string; end: string }[] {
  const fixed = [
    { start: '2023-01-01', end: '2024-02-04' }, // the whole span
    { start: '2023-03-14', end: '2023-03-14' }, // one day
    { start: '2023-06-01', end: '2023-06-30' },
    { start: '2022-12-10', end: '2023-01-20' }, // crosses the first day (previous period before it)
    { start: '2024-01-20', end: '2024-02-28' }, // crosses the last day
    { start: '2024-06-01', end: '2024-07-15' }, // past the data
    { start: '2021-01-01', end: '2021-03-01' }, // before the data
    { start: '2023-02-01', end: '2024-01-31' }, // a year
  ];
  const rnd = prng(3);
  const random = Array.from({ length: 24 }, () => {
    const a = START + Math.floor(rnd() * 420) * DAY - 10 * DAY;
    return { start: iso(a), end: iso(a + Math.floor(rnd() * rnd() * 120) * DAY) };
  });
  return [...fixed, ...random];
}

const COMPARE: Comparison[] = ['previous-period', 'previous-year', 'none'];

describe('the day summary', () => {
  const input = store();
  const ds = createDataset(input);
  const sum = stored(daySummary(ds));

  it('answers the Overview of every unfiltered range exactly as the loaded data does', () => {
    let checked = 0;
    for (const range of ranges())
      for (const compare of COMPARE)
        for (const refundDating of [undefined, 'refund', 'order'] as const) {
          const q: Query = { range, compare, ...(refundDating && { refundDating }) };
          expect(plain(summaryOverview(sum, q)), JSON.stringify(q)).toEqual(plain(overview(ds, q)));
          checked++;
        }
    expect(checked).toBe(32 * 3 * 3);
    // Empty filters are no filter: the app sends `filters: {}`.
    const q = { range: { start: '2023-05-01', end: '2023-05-31' }, filters: { channel: [] } };
    expect(plain(summaryOverview(sum, q))).toEqual(plain(overview(ds, q)));
  });

  it('gives the figures of the row-level scan (a filter that keeps every order)', () => {
    // Every country: the scan path, with the same sessions and ad spend (a channel filter would
    // filter those by their own channels).
    const all = { country: ds.orders.columns.country.dict.slice() };
    for (const range of ranges().slice(0, 12))
      for (const refundDating of ['refund', 'order'] as const) {
        const q: Query = { range, compare: 'previous-period', refundDating };
        const a = summaryOverview(sum, q);
        const b = overview(ds, { ...q, filters: all });
        for (const [x, y] of [
          [a.current, b.current],
          [a.previous!, b.previous!],
        ] as const) {
          for (const k of ['orders', 'units', 'customers', 'newCustomers'] as const)
            expect(x[k], `${k} ${JSON.stringify(q)}`).toBe(y[k]);
          expect(x.returningCustomers).toBe(y.returningCustomers);
          expect(x.refundRules).toEqual(y.refundRules);
          expect(x.sessions).toBe(y.sessions);
          for (const k of ['grossSales', 'discounts', 'returns', 'shipping', 'taxes'] as const)
            expect(x[k]).toBeCloseTo(y[k], 4);
          expect(x.adSpend!).toBeCloseTo(y.adSpend!, 6);
          expect(x.roas ?? 0).toBeCloseTo(y.roas ?? 0, 9);
        }
        expect(a.unconverted.map((u) => [u.currency, u.orders])).toEqual(
          b.unconverted.map((u) => [u.currency, u.orders]),
        );
      }
    // The store has what these cover: refunds on two days, unconverted sales, credit notes.
    const whole = summaryOverview(sum, { range: { start: '2023-01-01', end: '2024-02-04' } });
    expect(whole.unconverted.length).toBeGreaterThan(0);
    expect(whole.current.refundRules.creditNote).toBeGreaterThan(0);
    expect(whole.current.refundRules.proRata).toBeGreaterThan(0);
    expect(whole.current.returningCustomers).toBeGreaterThan(0);
  });

  it("gives the figures a row-by-row count of the demo store's rows gives", () => {
    const demo = generateDemoStore({ seed: 5, lines: 30_000 });
    const dds = createDataset({ ...demo, settings: demo.settings });
    const dsum = stored(daySummary(dds));
    const last = dds.lastDay;
    const at = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
    for (const [from, to] of [
      [last - 29, last],
      [last - 89, last - 30],
      [last - 400, last - 37],
      [last - 6, last + 20],
    ] as const) {
      const len = to - from + 1;
      const pair = {
        current: { start: at(from), end: at(to) },
        previous: { start: at(from - len), end: at(from - 1) },
      };
      const ref = referenceKpis(demo, pair);
      const got = summaryOverview(dsum, { range: pair.current, compare: 'previous-period' });
      for (const [x, y] of [
        [got.current, ref.current],
        [got.previous!, ref.previous],
      ] as const) {
        expect(x.orders).toBe(y.orders);
        expect(x.units).toBe(y.units);
        expect(x.customers).toBe(y.customers);
        expect(x.newCustomers).toBe(y.newCustomers);
        expect(x.returningCustomers).toBe(y.returningCustomers);
        for (const k of ['grossSales', 'discounts', 'returns', 'netSales'] as const)
          expect(x[k]).toBeCloseTo(y[k], 3);
      }
      expect(ref.current.orders).toBeGreaterThan(0);
    }
  });

  it('answers an empty store as the empty dataset does: nothing, no days', () => {
    const eds = build([]);
    const esum = stored(daySummary(eds));
    const q = { range: { start: '2024-01-01', end: '2024-01-31' } };
    const a = summaryOverview(esum, q);
    expect(plain(a)).toEqual(plain(overview(eds, q)));
    expect(a.current).toMatchObject({ orders: 0, netSales: 0, customers: 0, sessions: null });
    expect(a.firstDay).toBeNull();
  });

  it('is asked unfiltered queries only', () => {
    expect(() =>
      summaryOverview(sum, {
        range: { start: '2023-01-01', end: '2023-01-31' },
        filters: { country: ['US'] },
      }),
    ).toThrow(/unfiltered/);
  });
});
