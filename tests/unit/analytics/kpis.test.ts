// The KPI registry: docs agree with it, each card's sparkline draws its own number, changes and
// their colour come from numbers (not from formatted text), and a KPI added as one registry entry
// flows through the worker-side computation and the card rendering. Expected figures are worked
// out by hand from the small store below.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { parseHTML } from 'linkedom';
import { build, type OrderRow } from './fixtures.ts';
import {
  KPI_IDS,
  KPI_LIST,
  KPIS,
  kpisIn,
  overview,
  type KpiDef,
  type KpiEntry,
  type KpiId,
} from '../../../core/analytics/index.ts';
import { KpiCards, changeTone } from '../../../core/ui/Kpi.tsx';

// A New York store (UTC−5). Store days: o1, o2 on the 10th (o2 at 22:30 local), o3 on the 12th
// (cancelled on the 13th), o5 (EUR at 1.1) on the 14th; o6 (GBP, no rate) is left out.
const rows: OrderRow[] = [
  {
    id: 'o1',
    at: '2024-01-10T15:00:00Z',
    customer: 'c1',
    shipping: 800,
    taxes: 440,
    lines: [
      { sku: 'A', qty: 2, price: 2500, discount: 500 },
      { sku: 'B', qty: 1, price: 1000 },
    ],
  },
  {
    id: 'o2',
    at: '2024-01-11T03:30:00Z',
    customer: 'c2',
    taxes: 200,
    refunded: 2700,
    refundedAt: '2024-01-15T12:00:00Z',
    lines: [{ sku: 'A', qty: 1, price: 2500, refundedQty: 1 }],
  },
  {
    id: 'o3',
    at: '2024-01-12T18:00:00Z',
    customer: 'c1',
    shipping: 500,
    cancelledAt: '2024-01-13T10:00:00Z',
    lines: [{ sku: 'B', qty: 3, price: 1000 }],
  },
  {
    id: 'o5',
    at: '2024-01-14T12:00:00Z',
    customer: 'c3',
    currency: 'EUR',
    lines: [{ sku: 'C', qty: 2, price: 4000 }],
  },
  {
    id: 'o6',
    at: '2024-01-14T13:00:00Z',
    currency: 'GBP',
    lines: [{ sku: 'C', qty: 1, price: 3000 }],
  },
];
const ds = build(rows, {
  timezone: 'America/New_York',
  fxRates: [{ month: '2024-01', from: 'EUR', rate: 1.1 }],
});
const range = { start: '2024-01-10', end: '2024-01-14' };

describe('KPI registry', () => {
  it('lists every id once, in the order of KPI_IDS, and the docs table says the same', () => {
    expect(KPI_LIST.map((k) => k.id)).toEqual([...KPI_IDS]);
    expect(new Set(KPI_IDS).size).toBe(KPI_IDS.length);
    const readme = readFileSync('core/analytics/README.md', 'utf8');
    const table = readme
      .split('<!-- kpi-registry:start -->')[1]!
      .split('<!-- kpi-registry:end -->')[0]!;
    const docRows = table
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(docRows).toEqual(
      KPI_LIST.map((k) => [
        `\`${k.id}\``,
        k.group,
        k.label,
        k.unit,
        k.good,
        k.source,
        k.spark ? 'yes' : '',
      ]),
    );
  });

  it('fails to compile when an id has no entry', () => {
    const { units: _units, ...withoutUnits } = KPIS;
    // @ts-expect-error — 'units' is in KPI_IDS but has no entry
    const incomplete: Record<KpiId, KpiDef> = withoutUnits;
    expect(Object.keys(incomplete)).not.toContain('units');
  });

  it("draws each card's own number in its sparkline (Units: units, Total sales: total sales)", () => {
    const o = overview(ds, { range });
    const spark = (id: string) => Array.from(o.kpis.find((k) => k.id === id)!.spark ?? []);
    // Units per store day: o1 3 + o2 1; —; o3 3; —; o5 2.
    expect(spark('units')).toEqual([4, 0, 3, 0, 2]);
    expect(spark('orders')).toEqual([2, 0, 1, 0, 1]);
    // Total sales per day: o1 6000 − 500 + 800 + 440 = 6740 plus o2 2500 + 200 = 9440; o3 3000 +
    // 500 = 3500; its cancellation returns 3000 goods and 500 shipping on the 13th; o5 8000 × 1.1.
    expect(spark('totalSales')).toEqual([9440, 0, 3500, -3500, 8800]);
    // Net sales leave shipping and taxes out: 8000 on the 10th, 3000 on the 12th, −3000 goods on
    // the 13th.
    expect(spark('netSales')).toEqual([8000, 0, 3000, -3000, 8800]);
    expect(spark('aov')).toEqual([]);
    const totals = o.kpis.find((k) => k.id === 'totalSales')!;
    expect(totals.value).toBe(18240);
    expect(totals.compared).toBe(true); // the default comparison: the previous period
  });

  it('computes each change once from the values, and colours it by the good direction', () => {
    const o = overview(ds, {
      range: { start: '2024-01-12', end: '2024-01-14' },
      compare: 'previous-period',
    });
    const net = o.kpis.find((k) => k.id === 'netSales')!;
    // Current net: o3 3000 − its cancelled goods 3000 + o5 8800 = 8800; previous (10th–11th): 8000.
    expect(net.value).toBe(8800);
    expect(net.previous).toBe(8000);
    expect(net.change).toBeCloseTo(800 / 8000, 12);
    expect(changeTone(net.change, 'up')).toBe('good');
    expect(changeTone(-0.2, 'up')).toBe('bad');
    expect(changeTone(-0.2, 'down')).toBe('good');
    expect(changeTone(0.2, 'down')).toBe('bad');
    // Shown as "+0.0%": neither good nor bad.
    expect(changeTone(0.0004, 'up')).toBe('');
    expect(changeTone(-0.0004, 'down')).toBe('');
    expect(changeTone(0.0005, 'up')).toBe('good');
    expect(changeTone(0.2, 'neither')).toBe('');
    expect(changeTone(0, 'up')).toBe('');
    expect(changeTone('new', 'up')).toBe('');
    expect(changeTone(null, 'up')).toBe('');
    const none = overview(ds, { range, compare: 'none' });
    expect(none.kpis.every((k) => !k.compared && k.change === null && k.previous === null)).toBe(
      true,
    );
  });

  it('takes a KPI added through the registry type to the worker-side figures and to a card', () => {
    // A fixture KPI: shipping charged per order, good when it falls, sparkline of shipping per day.
    const shippingPerOrder: KpiEntry<'shippingPerOrder'> = {
      id: 'shippingPerOrder',
      label: 'Shipping per order',
      unit: 'money',
      good: 'down',
      formula: 'Shipping charged ÷ orders.',
      group: 'overview',
      source: 'sales',
      value: (k) => (k.orders > 0 ? k.shipping / k.orders : null),
      note: (k) => ({ amount: { value: k.shipping, unit: 'money' }, after: 'shipping' }),
      spark: (m) => m.shipping,
    };
    const entries = [...kpisIn('overview'), shippingPerOrder];
    const o = overview(ds, { range: { start: '2024-01-12', end: '2024-01-14' } }, entries);
    expect(o.kpis.map((k) => k.id)).toEqual(entries.map((e) => e.id));
    const fig = o.kpis.at(-1)!;
    // 12th–14th: o3 500 shipping, refunded with its cancellation on the 13th → 0 over o3 and o5;
    // previous 10th–11th: o1 800 over o1, o2 → 400.
    expect(fig.value).toBe(0);
    expect(fig.previous).toBe(400);
    expect(fig.change).toBeCloseTo(-1, 12);
    expect(Array.from(fig.spark!)).toEqual([500, -500, 0]);

    const { document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    const root = document.querySelector('main')!;
    const g = globalThis as { document?: unknown };
    const had = g.document;
    g.document = document;
    try {
      render(
        h(KpiCards, {
          label: 'Headline numbers',
          entries,
          figures: o.kpis,
          currency: 'USD',
          locale: 'en-US',
        }),
        root as unknown as Element,
      );
    } finally {
      g.document = had;
    }
    const cards = [...root.querySelectorAll('.kpi')];
    expect(cards.map((c) => c.querySelector('.kpi-label')!.textContent)).toEqual(
      entries.map((e) => e.label),
    );
    const card = cards.at(-1)!;
    expect(card.querySelector('.kpi-value')!.textContent).toBe('$0.00');
    const change = card.querySelector('.kpi-change')!;
    expect(change.textContent).toBe('-100.0%');
    // Down is good for this KPI: a fall is green.
    expect(change.getAttribute('class')).toContain('good');
    expect(card.querySelector('.kpi-note')!.textContent).toContain('$0.00 shipping');
    expect(card.querySelector('.kpi-spark path')!.getAttribute('d')).toMatch(
      /^M0\.0,0\.0L50\.0,22\.0L100\.0,11\.0$/,
    );
    // Net sales rose 800 ÷ 8000 = 10%: green for a KPI that is good when up.
    const netChange = cards[0]!.querySelector('.kpi-change')!;
    expect(netChange.textContent).toBe('+10.0%');
    expect(netChange.getAttribute('class')).toContain('good');
  });
});
