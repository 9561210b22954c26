import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import { productDetail, salesForecast, targetPace } from '../../../core/analytics/index.ts';

const dayIso = (k: number) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);

describe('targetPace', () => {
  // One new customer buying 1000 every day from 1 Jan; today is 15 Feb 2024 (a 29-day month).
  const rows: OrderRow[] = Array.from({ length: 46 }, (_, k) => ({
    id: `o${k}`,
    at: `${dayIso(k)}T12:00:00Z`,
    customer: `c${k}`,
    lines: [{ sku: 'S', qty: 1, price: 1000 }],
  }));
  const targets = [
    { id: 't1', metric: 'netSales' as const, month: '2024-02', value: 30000 },
    { id: 't2', metric: 'orders' as const, month: '2024-02', value: 25 },
    { id: 't3', metric: 'aov' as const, month: '2024-02', value: 1000 },
    { id: 't4', metric: 'newCustomers' as const, month: '2024-02', value: 10 },
    { id: 't5', metric: 'netSales' as const, month: '2024-03', value: 1 },
  ];
  const ds = build(rows, { targets, now: Date.parse('2024-02-15T18:00:00Z') });

  it('projects month end at the run rate and with the forecast, and gives the gap', () => {
    const p = targetPace(ds, '2024-02');
    expect(p).toMatchObject({ daysInMonth: 29, daysElapsed: 15 });
    const net = p.rows.find((r) => r.metric === 'netSales')!;
    expect(net).toMatchObject({ actual: 15000, runRateProjection: 29000, onTrack: false });
    expect(net.forecastProjection).toBeCloseTo(29000, 6); // a flat 1000/day forecast for 14 days
    expect(net.gap).toBeCloseTo(1000, 6);
    expect(net.progress).toBe(0.5);
    const orders = p.rows.find((r) => r.metric === 'orders')!;
    expect(orders).toMatchObject({ actual: 15, runRateProjection: 29, onTrack: true });
    expect(p.rows.find((r) => r.metric === 'aov')).toMatchObject({
      actual: 1000,
      runRateProjection: 1000,
    });
    expect(p.rows.find((r) => r.metric === 'newCustomers')).toMatchObject({
      actual: 15,
      onTrack: true,
    });
  });

  it('has nothing to date for a future month and only that month’s targets', () => {
    const p = targetPace(ds, '2024-03');
    expect(p.daysElapsed).toBe(0);
    expect(p.rows).toHaveLength(1);
    expect(p.rows[0]).toMatchObject({ actual: 0, runRateProjection: 0 });
    expect(p.rows[0]!.forecastProjection).toBeCloseTo(31000, 4);
  });
});

describe('salesForecast (the Overview band) and productDetail demand', () => {
  // Eight weeks of a weekly pattern (busy weekends) and an intermittent SKU sold every fourth day.
  const pattern = [1000, 900, 900, 1000, 1500, 2500, 2200];
  const rows: OrderRow[] = Array.from({ length: 56 }, (_, k) => ({
    id: `o${k}`,
    at: `${dayIso(k)}T12:00:00Z`,
    lines: [
      { sku: 'S', qty: 1, price: pattern[k % 7]! },
      ...(k % 4 === 0 ? [{ sku: 'R', qty: 3, price: 10 }] : []),
    ],
  }));
  const ds = build(rows);
  const all = { range: { start: '2024-01-01', end: '2024-02-25' } };

  it('forecasts daily net sales with the weekly season and labels the future days', () => {
    const onlyS = build(rows.map((r) => ({ ...r, lines: r.lines.filter((l) => l.sku === 'S') })));
    const f = salesForecast(onlyS, all, 7)!;
    expect(f.history).toHaveLength(56);
    expect(f.historyDays.at(-1)).toBe('2024-02-25');
    expect(f.days).toEqual([
      '2024-02-26',
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
    ]);
    // 1 Jan 2024 was a Monday, so 26 Feb starts the pattern again.
    f.forecast.forEach((v, h) => expect(v).toBeCloseTo(pattern[h]!, 3));
    expect(f.backtest.length).toBeGreaterThanOrEqual(2);
    expect(salesForecast(onlyS, { range: { start: '2024-01-01', end: '2024-01-31' } })).toBeNull();
  });

  it('considers Croston for an intermittent product and knows no unknown SKU', () => {
    const f = productDetail(ds, 'R', null, 4)!.demand;
    expect(f.backtest.map((b) => b.model)).toContain('croston');
    expect(f.forecast.reduce((a, v) => a + v, 0)).toBeCloseTo(3, 0);
    expect(productDetail(ds, 'nope')).toBeNull();
  });
});

describe('productDetail: demand on stockout days is censored', () => {
  // Kettle K sells 4 a day from 1 to 14 Jan 2024, then nothing while out of stock (on hand 0);
  // the store keeps selling S until 21 Jan, the last day with data.
  const rows: OrderRow[] = Array.from({ length: 21 }, (_, k) => ({
    id: `o${k}`,
    at: `${dayIso(k)}T12:00:00Z`,
    lines: [
      { sku: 'S', qty: 1, price: 100 },
      ...(k < 14 ? [{ sku: 'K', qty: 4, price: 2500 }] : []),
    ],
  }));
  const kettle = (onHand: number) => [
    { sku: 'K', title: 'Kettle', currency: 'USD', price: 2500, cost: null, onHand },
  ];

  it('leaves the stockout days out of the demand the forecast learns', () => {
    const d = productDetail(build(rows, { products: kettle(0) }), 'K')!;
    // By hand: rebuilt end-of-day stock is 0 from 14 Jan (its 4 sold were the last) to 21 Jan,
    // 8 censored days; the 13 days with stock average 4 a day, so demand is 4 a day throughout,
    // where the raw history's last week of zeros would forecast nothing.
    expect(d.units.reduce((a, v) => a + v, 0)).toBe(56);
    expect(d.stockoutDays).toBe(8);
    expect(Array.from(d.demand.history)).toEqual(new Array(21).fill(4));
    expect(d.demand.days[0]).toBe('2024-01-22');
    d.demand.forecast.forEach((v) => expect(v).toBeCloseTo(4, 6));
    expect(d.stock!.stockoutDay).toBe('2024-01-22');
  });

  it('censors nothing while stock is on hand', () => {
    const d = productDetail(build(rows, { products: kettle(5) }), 'K')!;
    expect(d.stockoutDays).toBe(0);
    expect(Array.from(d.demand.history)).toEqual([
      ...new Array(14).fill(4),
      ...new Array(7).fill(0),
    ]);
  });
});
