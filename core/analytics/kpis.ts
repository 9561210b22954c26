/**
 * The KPI registry: one typed entry per headline number (label, unit, which direction is good, the
 * formula in words for "explain this number", how its value, note, figures behind it and
 * sparkline are read). The worker computes every card's value and change from it
 * (`kpiFigures`), the UI renders the cards from it (core/ui/Kpi.tsx), and core/analytics/README.md
 * lists it (a test checks they agree). Adding a KPI is one id in `KPI_IDS` and one entry in `KPIS`;
 * a missing entry does not compile.
 */
import type { ClvResult, CustomersResult, TimeBetweenOrdersResult } from './customers.ts';
import type { FunnelTotals } from './funnel.ts';
import type { InventoryPlan } from './inventory.ts';
import type { MarketingResult } from './marketing.ts';
import type { ProductsScreen } from './products.ts';
import type { DayMeasures, Kpis } from './sales.ts';

/** What a KPI is read from: the summaries a screen's query computes for a period. */
export interface KpiSources {
  /** The Overview's sales KPIs of the period. */
  sales: Kpis;
  customers: CustomersResult;
  /** All customers, all time: no comparison period. */
  clv: ClvResult;
  /** All customers, all time: no comparison period. */
  timeBetween: TimeBetweenOrdersResult;
  marketing: MarketingResult;
  funnel: FunnelTotals;
  products: ProductsScreen;
  /** As of the latest data (only today's stock is known): no comparison period. */
  inventory: InventoryPlan;
}
export type KpiSource = keyof KpiSources;

/** How a value is shown: money in reporting minor units, a count, a share, a multiple (×), days. */
export type KpiUnit = 'money' | 'count' | 'ratio' | 'multiple' | 'days';
/** Which change is good news: 'neither' shows the change without a colour (ad spend). */
export type KpiGood = 'up' | 'down' | 'neither';
/** The row of cards a KPI is shown in. */
export type KpiGroup = 'overview' | 'customers' | 'marketing' | 'funnel' | 'products' | 'inventory';

/** A number with its unit, for a card's note and the figures behind a KPI. */
export interface KpiAmount {
  value: number | null;
  unit: KpiUnit;
}
/** The short line under a value: `before value after` (value optional), e.g. "12 new". */
export interface KpiNote {
  before?: string;
  amount?: KpiAmount;
  after?: string;
}
/** One figure behind a KPI ("explain this number"). */
export interface KpiRow {
  label: string;
  amount: KpiAmount;
  /** What to say instead of a value when the amount is null because its data was never imported. */
  missing?: string;
}

/** Said for a figure whose data the store never imported (never "0", which reads as a fact). */
export const NOT_IMPORTED = {
  sessions: 'not imported — import GA4 sessions to see this',
  adSpend: 'not imported — import ad spend to see this',
} as const;

interface KpiSpec<S extends KpiSource> {
  label: string;
  unit: KpiUnit;
  good: KpiGood;
  /** The formula in words (REFERENCE.md), for "explain this number" and the card's tooltip. */
  formula: string;
  group: KpiGroup;
  source: S;
  /** Fraction digits of a ratio (default 1). */
  digits?: number;
  value: (src: KpiSources[S]) => number | null;
  note?: KpiNote | ((src: KpiSources[S]) => KpiNote);
  figures?: (src: KpiSources[S]) => KpiRow[];
  /** Why the value is null when the data it needs was never imported (the card's note, explain's value). */
  missing?: (src: KpiSources[S]) => string | null;
  /** The sparkline: one value per day of the range (sales KPIs only). */
  spark?: (days: DayMeasures) => Float64Array;
}

/** One KPI's definition (its `source` decides what `value` reads). */
export type KpiDef = { [S in KpiSource]: KpiSpec<S> }[KpiSource];
/** A definition with its id, as listed in the registry (fixtures may use their own ids). */
export type KpiEntry<Id extends string = KpiId> = KpiDef & { id: Id };

/** Every KPI, in the order its cards are shown (within each group). */
export const KPI_IDS = [
  'netSales',
  'orders',
  'aov',
  'conversionRate',
  'returningCustomerRate',
  'roas',
  'totalSales',
  'units',
  'customers',
  'returningCustomers',
  'periodReturningCustomerRate',
  'repeatPurchaseRate',
  'clv12',
  'daysBetweenOrders',
  'adSpend',
  'roasLastClick',
  'mer',
  'cac',
  'sessions',
  'funnelConversionRate',
  'cartAbandonmentRate',
  'checkoutAbandonmentRate',
  'classA',
  'classB',
  'classC',
  'stockoutsComing',
  'overstock',
  'deadStock',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

const money = (value: number | null): KpiAmount => ({ value, unit: 'money' });
const count = (value: number | null): KpiAmount => ({ value, unit: 'count' });

/** How each rule of a refund's goods value reads in "explain this number". */
const REFUND_RULE_LABELS: Record<keyof Kpis['refundRules'], string> = {
  // "The store's data": an export or the platform's API, whichever the refund came from.
  split: 'Refunds split by the store’s data (goods = refund − its shipping and taxes)',
  full: 'Full refunds the store’s data did not split (goods = total − shipping − taxes)',
  proRata: 'Partial refunds the store’s data did not split (goods, shipping and taxes pro rata)',
  cancelled: 'Cancelled orders (all goods, shipping and taxes returned)',
  creditNote: 'Credit notes (returns without an order)',
};

/** The figures behind every sales KPI of the Overview. */
function salesFigures(k: Kpis): KpiRow[] {
  const rules = (Object.keys(REFUND_RULE_LABELS) as (keyof Kpis['refundRules'])[])
    .filter((r) => k.refundRules[r] > 0)
    .map((r) => ({ label: REFUND_RULE_LABELS[r], amount: count(k.refundRules[r]) }));
  return [
    { label: 'Gross sales', amount: money(k.grossSales) },
    // `|| 0`: nothing discounted reads $0.00, not −$0.00.
    { label: 'Discounts', amount: money(-k.discounts || 0) },
    { label: 'Returns', amount: money(-k.returns || 0) },
    { label: 'Net sales', amount: money(k.netSales) },
    { label: 'Shipping', amount: money(k.shipping) },
    { label: 'Taxes', amount: money(k.taxes) },
    { label: 'Total sales', amount: money(k.totalSales) },
    { label: 'Orders', amount: count(k.orders) },
    { label: 'Customers', amount: count(k.customers) },
    { label: 'New customers', amount: count(k.newCustomers) },
    { label: 'Returning customers', amount: count(k.returningCustomers) },
    { label: 'Sessions', amount: count(k.sessions), missing: NOT_IMPORTED.sessions },
    { label: 'Ad spend', amount: money(k.adSpend), missing: NOT_IMPORTED.adSpend },
    ...(k.giftCards !== 0
      ? [{ label: 'Gift cards sold (not sales)', amount: money(k.giftCards) }]
      : []),
    ...rules,
  ];
}

function customerFigures(s: CustomersResult): KpiRow[] {
  return [
    { label: 'Customers who ordered', amount: count(s.customers) },
    { label: 'First-time customers', amount: count(s.newCustomers) },
    { label: 'Returning customers', amount: count(s.returningCustomers) },
    { label: 'Orders by guests (no customer)', amount: count(s.guestOrders) },
  ];
}

/** Per-day series of the days of a range. */
function perDay(m: DayMeasures, f: (k: number) => number): Float64Array {
  const out = new Float64Array(m.orders.length);
  for (let k = 0; k < out.length; k++) out[k] = f(k);
  return out;
}
const dayNet = (m: DayMeasures) =>
  perDay(m, (k) => m.grossSales[k]! - m.discounts[k]! - m.returns[k]!);

const FUNNEL_STEP_LABELS: Record<FunnelTotals['steps'][number]['step'], string> = {
  sessions: 'Sessions',
  productViews: 'Viewed a product',
  addToCarts: 'Added to cart',
  checkouts: 'Reached checkout',
  purchases: 'Purchased',
};

const RETURNING_RATE =
  'Customers whose second or later order falls in the period (their first order at any time, also earlier in the same period) ÷ all customers who ordered in the period (Shopify definition; not the lifetime repeat purchase rate).';
const ABC =
  'ABC (Shopify): A = the top products making ~80% of net sales in the period, B the next ~15%, C the rest, including catalog products that did not sell.';

function abcKpi(c: 'A' | 'B' | 'C'): KpiSpec<'products'> {
  return {
    label: `Class ${c} products`,
    unit: 'count',
    good: 'neither',
    formula: ABC,
    group: 'products',
    source: 'products',
    value: (p) => p.abc[c].products,
    note: (p) => ({ amount: { value: p.abc[c].share, unit: 'ratio' }, after: 'of net sales' }),
    figures: (p) => [
      { label: 'Net sales of the class', amount: money(p.abc[c].revenue) },
      { label: 'Share of net sales', amount: { value: p.abc[c].share, unit: 'ratio' } },
      { label: 'Catalog products that did not sell (class C)', amount: count(p.unsold) },
    ],
  };
}

const stockValue = (rows: InventoryPlan['rows']) =>
  rows.reduce((s, r) => s + (r.stockValue ?? 0), 0);

/** The registry. `satisfies` makes a KPI listed in `KPI_IDS` without an entry a compile error. */
export const KPIS = {
  netSales: {
    label: 'Net sales',
    unit: 'money',
    good: 'up',
    formula:
      'Gross sales − discounts − returns. Excludes shipping, taxes and gift cards sold. Returns are the goods refunded: refunded shipping and taxes come off Shipping and Taxes. Returns count on the day they were processed (or on the order day, if you switch refund dating in Settings).',
    group: 'overview',
    source: 'sales',
    value: (k) => k.netSales,
    figures: salesFigures,
    spark: dayNet,
  },
  orders: {
    label: 'Orders',
    unit: 'count',
    good: 'up',
    formula:
      'Orders placed in the period (cancelled orders included on their order day, as Shopify does).',
    group: 'overview',
    source: 'sales',
    value: (k) => k.orders,
    figures: salesFigures,
    spark: (m) => m.orders,
  },
  aov: {
    label: 'Average order value',
    unit: 'money',
    good: 'up',
    formula: '(Gross sales − discounts) ÷ orders.',
    group: 'overview',
    source: 'sales',
    value: (k) => k.aov,
    figures: salesFigures,
  },
  conversionRate: {
    label: 'Conversion rate',
    unit: 'ratio',
    good: 'up',
    formula: 'Orders ÷ sessions (Shopify definition) from your analytics import.',
    group: 'overview',
    source: 'sales',
    value: (k) => k.conversionRate,
    figures: salesFigures,
    missing: (k) => (k.sessions === null ? NOT_IMPORTED.sessions : null),
  },
  returningCustomerRate: {
    label: 'Returning customer rate',
    unit: 'ratio',
    good: 'up',
    formula: RETURNING_RATE,
    group: 'overview',
    source: 'sales',
    value: (k) => k.returningCustomerRate,
    figures: salesFigures,
  },
  roas: {
    label: 'ROAS',
    unit: 'multiple',
    good: 'up',
    formula:
      'Revenue attributed last-click (by UTM source/medium) to paid channels ÷ ad spend on them.',
    group: 'overview',
    source: 'sales',
    value: (k) => k.roas,
    figures: salesFigures,
    missing: (k) => (k.adSpend === null ? NOT_IMPORTED.adSpend : null),
  },
  totalSales: {
    label: 'Total sales',
    unit: 'money',
    good: 'up',
    formula:
      'Gross sales − discounts − returns + shipping + taxes, shipping and taxes net of their refunds (Shopify definition). Gift cards sold are not sales.',
    group: 'overview',
    source: 'sales',
    value: (k) => k.totalSales,
    figures: salesFigures,
    spark: (m) =>
      perDay(
        m,
        (k) => m.grossSales[k]! - m.discounts[k]! - m.returns[k]! + m.shipping[k]! + m.taxes[k]!,
      ),
  },
  units: {
    label: 'Units',
    unit: 'count',
    good: 'up',
    formula: 'Quantity of items ordered in the period.',
    group: 'overview',
    source: 'sales',
    value: (k) => k.units,
    figures: salesFigures,
    spark: (m) => m.units,
  },

  customers: {
    label: 'Customers',
    unit: 'count',
    good: 'up',
    formula:
      'Distinct customers with an order in the period (guest orders without a customer are not counted).',
    group: 'customers',
    source: 'customers',
    value: (s) => s.customers,
    note: (s) => ({ amount: count(s.newCustomers), after: 'new' }),
    figures: customerFigures,
  },
  returningCustomers: {
    label: 'Returning customers',
    unit: 'count',
    good: 'up',
    formula:
      'Customers with an order in the period that was not their first (Shopify customer type, per order). A customer whose first and second orders both fall in the period is new and returning.',
    group: 'customers',
    source: 'customers',
    value: (s) => s.returningCustomers,
    note: (s) => ({ amount: money(s.returningCustomerSales), after: 'net sales' }),
    figures: customerFigures,
  },
  periodReturningCustomerRate: {
    label: 'Returning customer rate (period)',
    unit: 'ratio',
    good: 'up',
    formula: `Returning customer rate (Shopify): ${RETURNING_RATE}`,
    group: 'customers',
    source: 'customers',
    value: (s) => s.returningCustomerRate,
    note: { after: 'returning ÷ customers in period' },
    figures: customerFigures,
  },
  repeatPurchaseRate: {
    label: 'Repeat purchase rate (lifetime)',
    unit: 'ratio',
    good: 'up',
    formula:
      'Repeat purchase rate (lifetime): customers with 2 or more orders up to the end of the period ÷ all customers up to then.',
    group: 'customers',
    source: 'customers',
    value: (s) => s.repeatPurchaseRate,
    note: { after: '2+ orders ÷ all customers' },
    figures: customerFigures,
  },
  clv12: {
    label: '12-month CLV',
    unit: 'money',
    good: 'up',
    formula:
      'CLV (practical, 12 months): net sales per customer in the 365 days after their first order, over customers whose whole first year is in the data. All customers, all time (not affected by the date range or filters).',
    group: 'customers',
    source: 'clv',
    value: (c) => c.clv,
    note: (c) => ({ before: 'median', amount: money(c.median) }),
    figures: (c) => [
      { label: 'Customers with a full first year', amount: count(c.customers) },
      { label: 'Median', amount: money(c.median) },
    ],
  },
  daysBetweenOrders: {
    label: 'Days between orders (median)',
    unit: 'days',
    good: 'down',
    formula:
      'Median days between two consecutive orders of the same customer (all customers, all time).',
    group: 'customers',
    source: 'timeBetween',
    value: (t) => t.medianDays,
    note: (t) => ({
      before: 'to 2nd order:',
      amount: { value: t.medianDaysToSecondOrder, unit: 'days' },
    }),
    figures: (t) => [
      { label: 'Repeat orders measured', amount: count(t.gaps) },
      { label: 'Mean days', amount: { value: t.meanDays, unit: 'days' } },
      {
        label: 'Median days from first to second order',
        amount: { value: t.medianDaysToSecondOrder, unit: 'days' },
      },
    ],
  },

  adSpend: {
    label: 'Ad spend',
    unit: 'money',
    good: 'neither',
    formula: 'Spend from your ad-spend imports in the period, converted to the store currency.',
    group: 'marketing',
    source: 'marketing',
    value: (m) => m.spend,
    note: (m) => ({ amount: count(m.byCampaign.length), after: 'campaigns' }),
    figures: (m) => [
      { label: 'Campaigns', amount: count(m.byCampaign.length) },
      { label: 'Ad channels', amount: count(m.byChannel.length) },
    ],
  },
  roasLastClick: {
    label: 'ROAS (last click)',
    unit: 'multiple',
    good: 'up',
    formula:
      "ROAS: revenue of orders attributed last-click (by UTM source, else medium) to an ad channel ÷ that channel's spend.",
    group: 'marketing',
    source: 'marketing',
    value: (m) => m.roas,
    note: (m) => ({ amount: money(m.attributedRevenue), after: 'attributed' }),
    figures: (m) => [
      { label: 'Attributed revenue', amount: money(m.attributedRevenue) },
      { label: 'Not attributed to an ad channel', amount: money(m.unattributedRevenue) },
      { label: 'Ad spend', amount: money(m.spend) },
    ],
  },
  mer: {
    label: 'MER',
    unit: 'multiple',
    good: 'up',
    formula:
      'MER (marketing efficiency ratio): total sales of all orders ÷ total ad spend, attribution-free.',
    group: 'marketing',
    source: 'marketing',
    value: (m) => m.mer,
    note: (m) => ({ amount: money(m.totalSales), after: 'total sales' }),
    figures: (m) => [
      { label: 'Total sales', amount: money(m.totalSales) },
      { label: 'Ad spend', amount: money(m.spend) },
    ],
  },
  cac: {
    label: 'CAC',
    unit: 'money',
    good: 'down',
    formula: 'CAC: ad spend ÷ new customers (first orders) in the period.',
    group: 'marketing',
    source: 'marketing',
    value: (m) => m.cac,
    note: (m) => ({ amount: count(m.newCustomers), after: 'new customers' }),
    figures: (m) => [
      { label: 'New customers', amount: count(m.newCustomers) },
      { label: 'Ad spend', amount: money(m.spend) },
    ],
  },

  sessions: {
    label: 'Sessions',
    unit: 'count',
    good: 'up',
    formula: 'Sessions in the period from your analytics (GA4) export.',
    group: 'funnel',
    source: 'funnel',
    value: (f) => f.steps[0]?.count ?? null,
    figures: (f) =>
      f.steps.map((s) => ({ label: FUNNEL_STEP_LABELS[s.step], amount: count(s.count) })),
  },
  funnelConversionRate: {
    label: 'Conversion (purchases ÷ sessions)',
    unit: 'ratio',
    digits: 2,
    good: 'up',
    formula:
      "Purchases ÷ sessions, both from your analytics (GA4) export. The Overview's conversion rate is Shopify's: orders from your order export ÷ sessions.",
    group: 'funnel',
    source: 'funnel',
    value: (f) => f.conversionRate,
    note: { after: 'analytics purchases' },
  },
  cartAbandonmentRate: {
    label: 'Cart abandonment',
    unit: 'ratio',
    good: 'down',
    formula: 'Cart abandonment rate: 1 − purchases ÷ sessions with an add to cart.',
    group: 'funnel',
    source: 'funnel',
    value: (f) => f.cartAbandonmentRate,
    note: { after: '1 − purchases ÷ carts' },
  },
  checkoutAbandonmentRate: {
    label: 'Checkout abandonment',
    unit: 'ratio',
    good: 'down',
    formula: 'Checkout abandonment rate: 1 − purchases ÷ sessions that reached checkout.',
    group: 'funnel',
    source: 'funnel',
    value: (f) => f.checkoutAbandonmentRate,
    note: { after: '1 − purchases ÷ checkouts' },
  },

  classA: abcKpi('A'),
  classB: abcKpi('B'),
  classC: abcKpi('C'),
  stockoutsComing: {
    label: 'Stockouts coming',
    unit: 'count',
    good: 'down',
    formula:
      'SKUs whose stock on hand and on order covers fewer days than their lead time, so they run out before a replenishment ordered today could arrive, plus SKUs already out of stock. Revenue at risk = the expected lost sales until a replenishment arrives. As of the latest data.',
    group: 'inventory',
    source: 'inventory',
    value: (p) => p.atRisk.length + p.outOfStock.length,
    note: (p) => ({ amount: money(p.revenueAtRisk), after: 'revenue at risk' }),
    figures: (p) => [
      { label: 'At risk (still in stock)', amount: count(p.atRisk.length) },
      { label: 'Out of stock now', amount: count(p.outOfStock.length) },
      { label: 'Revenue at risk', amount: money(p.revenueAtRisk) },
    ],
  },
  overstock: {
    label: 'Overstock',
    unit: 'count',
    good: 'down',
    formula:
      'SKUs with more than 180 days of cover at their average daily demand of the last 28 days, or with stock and no sale in those 28 days (but one in the last 90). As of the latest data.',
    group: 'inventory',
    source: 'inventory',
    value: (p) => p.overstock.length,
    note: { after: 'over 180 days of cover' },
    figures: (p) => [{ label: 'Stock value at cost', amount: money(stockValue(p.overstock)) }],
  },
  deadStock: {
    label: 'Dead stock',
    unit: 'count',
    good: 'down',
    formula:
      'SKUs with stock on hand and no sale in the last 90 days, once there are 90 days of order history (before that: not enough history). As of the latest data.',
    group: 'inventory',
    source: 'inventory',
    value: (p) => (p.historyDays >= p.deadStockDays ? p.dead.length : null),
    note: (p) => ({
      after:
        p.historyDays >= p.deadStockDays
          ? `no sale in ${p.deadStockDays} days`
          : `not enough history: ${p.historyDays} of ${p.deadStockDays} days`,
    }),
    figures: (p) => [{ label: 'Stock value at cost', amount: money(stockValue(p.dead)) }],
  },
} satisfies Record<KpiId, KpiDef>;

/** The registry as an ordered list. */
export const KPI_LIST: readonly KpiEntry[] = KPI_IDS.map((id) => ({ id, ...KPIS[id] }) as KpiEntry);

/** The KPIs of one row of cards, in order. */
export function kpisIn(group: KpiGroup): KpiEntry[] {
  return KPI_LIST.filter((k) => k.group === group);
}

/** % change (current − previous) ÷ |previous|; 'new' when previous is 0 and current is not. */
export type Change = number | 'new' | null;
export function pctChange(cur: number | null, prev: number | null): Change {
  if (cur === null || prev === null) return null;
  if (prev === 0) return cur === 0 ? 0 : 'new';
  return (cur - prev) / Math.abs(prev);
}

/** One KPI computed for a period: what its card shows. Plain data (crosses the worker boundary). */
export interface KpiFigure<Id extends string = KpiId> {
  id: Id;
  value: number | null;
  /** Whether the query compares with a period that has this number (false: all-time, as of today, or no comparison). */
  compared: boolean;
  previous: number | null;
  change: Change;
  spark: Float64Array | null;
  note: KpiNote | null;
  figures: KpiRow[];
  /** Why there is no value (data never imported); null when there is one or it is just empty. */
  missing: string | null;
}

/**
 * The cards' figures: each entry's value from the current sources, its change against the
 * comparison period's sources (when the query has one and the entry's source exists there) and
 * its sparkline from the range's day measures.
 */
export function kpiFigures<Id extends string>(
  entries: readonly KpiEntry<Id>[],
  current: Partial<KpiSources>,
  previous: Partial<KpiSources> | null,
  days: DayMeasures | null = null,
): KpiFigure<Id>[] {
  return entries.map((e) => {
    // The entry's source decides the type `value` reads; the union cannot say so to the compiler.
    const read = <T>(f: (src: never) => T, src: unknown): T => (f as (s: unknown) => T)(src);
    const src = current[e.source];
    const before = previous?.[e.source];
    const value = src === undefined ? null : read(e.value, src);
    const prev = before === undefined ? null : read(e.value, before);
    const note = e.note === undefined || src === undefined ? null : e.note;
    return {
      id: e.id,
      value,
      compared: before !== undefined,
      previous: prev,
      change: before === undefined ? null : pctChange(value, prev),
      spark: e.spark && days ? e.spark(days) : null,
      note: typeof note === 'function' ? read(note, src) : note,
      figures: e.figures && src !== undefined ? read(e.figures, src) : [],
      missing: value === null && e.missing && src !== undefined ? read(e.missing, src) : null,
    };
  });
}
