// A store that never imported GA4 sessions or ad spend keeps empty traffic and spend tables: its
// figures say "not imported", never "Sessions 0" or "Ad spend $0.00", which read as facts.
import { describe, expect, it } from 'vitest';
import { build, spend, traffic, type OrderRow } from './fixtures.ts';
import { kpiFigures, kpisIn, NOT_IMPORTED, overview } from '../../../core/analytics/index.ts';
import { explainKpi } from '../../../core/ui/Kpi.tsx';

const rows: OrderRow[] = [
  {
    id: 'o1',
    at: '2024-01-12T12:00:00Z',
    customer: 'c1',
    lines: [{ sku: 'A', qty: 1, price: 1000 }],
  },
];
const q = { range: { start: '2024-01-12', end: '2024-01-14' } };
const cards = (ds: ReturnType<typeof build>) =>
  kpiFigures(kpisIn('overview'), { sales: overview(ds, q).current }, null);
const entry = (id: string) => kpisIn('overview').find((e) => e.id === id)!;
const explained = (ds: ReturnType<typeof build>, id: string) =>
  explainKpi(
    entry(id),
    cards(ds).find((f) => f.id === id)!,
    'USD',
    'no filters',
  );
const row = (e: { rows: { label: string; value: string }[] }, label: string) =>
  e.rows.find((r) => r.label === label)?.value;

describe('figures whose data was never imported', () => {
  const empty = build(rows, { traffic: traffic([]), spend: spend([]) });

  it('say so in explain and on the cards that need them', () => {
    const net = explained(empty, 'netSales');
    expect(row(net, 'Sessions')).toBe(NOT_IMPORTED.sessions);
    expect(row(net, 'Ad spend')).toBe(NOT_IMPORTED.adSpend);
    expect(row(net, 'Discounts')).toBe('$0.00'); // not −$0.00
    const conv = cards(empty).find((f) => f.id === 'conversionRate')!;
    expect(conv.value).toBeNull();
    expect(conv.missing).toBe('not imported — import GA4 sessions to see this');
    expect(explained(empty, 'roas').value).toBe('not imported — import ad spend to see this');
  });

  it('show the imported figures, zero included, once there is an import', () => {
    const ds = build(rows, {
      traffic: traffic([
        {
          date: '2024-01-13',
          channel: 'Organic',
          sessions: 40,
          productViews: 0,
          addToCarts: 0,
          checkouts: 0,
          purchases: 0,
        },
      ]),
      spend: spend([{ date: '2024-01-01', channel: 'Google Ads', spend: 500 }]),
    });
    const net = explained(ds, 'netSales');
    expect(row(net, 'Sessions')).toBe('40');
    expect(row(net, 'Ad spend')).toBe('$0.00'); // imported, none in the period
    expect(cards(ds).find((f) => f.id === 'conversionRate')!.missing).toBeNull();
  });
});
