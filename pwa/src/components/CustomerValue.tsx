import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { routeHref } from '../route.ts';
import { useQuery, useStore } from '../data.tsx';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../../core/ui/format.ts';
import { Seg } from './Seg.tsx';
import type {
  AcquisitionCohort,
  FirstOrderValueRow,
  PredictedCustomer,
} from '../../../core/analytics/index.ts';

const FIRST = [
  { id: 'product', label: 'First product', none: '(no product)' },
  { id: 'channel', label: 'First channel', none: '(no channel)' },
  { id: 'code', label: 'First discount code', none: '(no code)' },
] as const;
type First = (typeof FIRST)[number]['id'];

/** "Paid back" in words: month 0 is the first order's month. */
function paybackText(c: AcquisitionCohort): string {
  if (c.cac === null) return 'no ad spend';
  if (c.paybackMonth === null) return `not yet (${c.cumulative.length} months of data)`;
  if (c.paybackMonth === 0) return 'in its first month';
  return `after ${c.paybackMonth} month${c.paybackMonth === 1 ? '' : 's'}`;
}

/**
 * The Customers screen's value against cost (issue 19): CAC payback and LTV:CAC per acquisition
 * cohort, 12-month value by first product, channel and discount code, and the predicted value of
 * each customer (BG/NBD × Gamma-Gamma).
 */
export function CustomerValue(): JSX.Element | null {
  const store = useStore();
  const ready = !!store.meta && !store.meta.empty;
  const res = useQuery(ready ? (api, signal) => api.call('customerValue', [], { signal }) : null, [
    ready,
  ]);
  const [first, setFirst] = useState<First>('product');
  if (!ready) return null;
  const v = res.data;
  const cur = v?.currency ?? store.meta?.currency ?? 'USD';
  const money = (n: number | null | undefined) => formatMoney(n, cur);
  const moneyCol = <R,>(key: keyof R & string, label: string): TableColumn<R> => ({
    key,
    label,
    kind: 'money',
    numeric: true,
    value: (r) => r[key] as number | null,
    render: (r) => money(r[key] as number | null),
  });
  const count = <R,>(key: keyof R & string, label: string): TableColumn<R> => ({
    key,
    label,
    numeric: true,
    value: (r) => r[key] as number,
    render: (r) => formatNumber(r[key] as number),
  });
  const ratio = (n: number | null) => (n == null ? '—' : `${formatNumber(n, { digits: 2 })}×`);
  const cohortCols: TableColumn<AcquisitionCohort>[] = [
    { key: 'month', label: 'First order in', value: (r) => r.month },
    count('customers', 'Customers'),
    moneyCol('spend', 'Ad spend'),
    moneyCol('cac', 'CAC'),
    {
      key: 'toDate',
      label: 'Contribution per customer to date',
      kind: 'money',
      numeric: true,
      value: (r) => r.cumulative.at(-1) ?? null,
      render: (r) => money(r.cumulative.at(-1)),
    },
    { key: 'payback', label: 'Paid back', value: (r) => paybackText(r) },
    moneyCol('contribution12', '12-month contribution per customer'),
    {
      key: 'ltvToCac',
      label: 'LTV:CAC',
      numeric: true,
      value: (r) => r.ltvToCac,
      render: (r) => ratio(r.ltvToCac),
    },
    moneyCol('predictedContribution', 'Predicted contribution per customer, next 12 months'),
    {
      key: 'predictedLtvToCac',
      label: 'Predicted LTV:CAC (to date + next 12 months)',
      numeric: true,
      value: (r) => r.predictedLtvToCac,
      render: (r) => ratio(r.predictedLtvToCac),
    },
  ];
  const f = FIRST.find((x) => x.id === first)!;
  const firstRows: FirstOrderValueRow[] = v
    ? first === 'product'
      ? v.byFirstProduct
      : first === 'channel'
        ? v.byFirstChannel
        : v.byFirstDiscountCode
    : [];
  const firstCols: TableColumn<FirstOrderValueRow>[] = [
    { key: 'key', label: f.label, value: (r) => r.key || f.none },
    count('customers', 'Customers'),
    moneyCol('netSales12', '12-month net sales per customer'),
    moneyCol('contribution12', '12-month contribution per customer'),
  ];
  const p = v?.predicted ?? null;
  const predictedCols: TableColumn<PredictedCustomer>[] = [
    { key: 'firstOrder', label: 'First order', value: (r) => r.firstOrder },
    {
      key: 'firstOrderDay',
      label: 'First order on',
      value: (r) => r.firstOrderDay,
      render: (r) => formatDay(r.firstOrderDay),
    },
    { key: 'lastOrderName', label: 'Latest order', value: (r) => r.lastOrderName },
    {
      key: 'lastOrder',
      label: 'Latest order on',
      value: (r) => r.lastOrder,
      render: (r) => formatDay(r.lastOrder),
    },
    count('orders', 'Orders'),
    { key: 'country', label: 'Country', value: (r) => r.country, render: (r) => r.country || '—' },
    moneyCol('contributionToDate', 'Contribution so far'),
    {
      key: 'alive',
      label: 'Chance still active',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.alive,
      render: (r) => formatPercent(r.alive, { digits: 0 }),
    },
    {
      key: 'expectedOrders',
      label: 'Expected orders, next 12 months',
      numeric: true,
      value: (r) => r.expectedOrders,
      render: (r) => formatNumber(r.expectedOrders, { digits: 2 }),
    },
    moneyCol('predictedValue', 'Predicted net sales, next 12 months'),
    {
      key: 'margin',
      label: 'Contribution margin',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.margin,
      render: (r) =>
        `${formatPercent(r.margin, { digits: 1 })}${r.storeMargin ? ' (store’s)' : ''}`,
    },
    moneyCol('predictedContribution', 'Predicted contribution, next 12 months'),
  ];

  return (
    <>
      <section class="card" aria-labelledby="payback-h">
        <h2 id="payback-h">CAC payback by acquisition cohort</h2>
        <p class="muted small">
          Customers by the month of their first order. CAC = that month’s ad spend ÷ its new
          customers. Contribution = net sales − cost of goods − shipping − payment fees of the
          cohort’s orders (returns with their order), cumulated per customer by months since the
          first order; paid back in the first month it reaches CAC. LTV:CAC = contribution per
          customer over months 0–11 ÷ CAC; predicted LTV:CAC = (contribution per customer to date +
          its predicted contribution over the next 12 months, below) ÷ CAC. Costs come from{' '}
          <a href={routeHref({ screen: 'settings' })}>Settings → Costs</a>.
        </p>
        <Table
          currency={cur}
          caption="CAC payback by acquisition cohort"
          rows={v?.cohorts ?? []}
          empty={v ? 'No customers yet: import your orders export.' : 'Computing…'}
          columns={cohortCols}
          exportName="cac-payback-by-cohort"
          rowKey={(r) => r.month}
          pageSize={24}
        />
      </section>
      <section class="card" aria-labelledby="first-h">
        <h2 id="first-h">12-month value by first order</h2>
        <div class="no-print">
          <Seg label="Group customers by" value={first} options={FIRST} onChange={setFirst} />
        </div>
        <p class="muted small">
          Customers whose first order is at least a year before the latest data, by their first
          order’s {f.label.slice(6)}
          {first === 'product'
            ? ' (its line of most net sales)'
            : first === 'channel'
              ? ' (the ad channel Marketing credits it to, else its sales channel)'
              : ''}
          : net sales and contribution per customer over the 365 days from it.
        </p>
        <Table
          currency={cur}
          caption={`12-month value by ${f.label.toLowerCase()}`}
          rows={firstRows}
          empty={
            v
              ? 'No customer has a full year of data yet: the table fills in once first orders are a year old.'
              : 'Computing…'
          }
          columns={firstCols}
          exportName={`value-by-${f.label.toLowerCase().replace(/ /g, '-')}`}
          rowKey={(r) => r.key}
          pageSize={20}
        />
      </section>
      <section class="card" aria-labelledby="predicted-h">
        <h2 id="predicted-h">Predicted value per customer</h2>
        {!v ? (
          <p class="placeholder">Fitting the model…</p>
        ) : !p ? (
          <p class="muted">
            Not enough customers to fit the model: it needs at least 20 customers, 5 of them with a
            repeat order on another day. Import more order history.
          </p>
        ) : (
          <>
            <p class="muted small">
              Customers are named by their first and latest order numbers (the store keeps no names
              or emails for them). Expected orders in the next 52 weeks from BG/NBD (Fader, Hardie
              &amp; Lee 2005) and expected net sales per order from Gamma-Gamma, fitted by maximum
              likelihood on all {formatNumber(p.customers)} customers ({formatNumber(p.histories)}{' '}
              distinct histories of repeat purchases on distinct days, weeks since the first order).
              Fitted: r = {formatNumber(p.bgNbd.r, { digits: 3 })}, α ={' '}
              {formatNumber(p.bgNbd.alpha, { digits: 3 })}, a ={' '}
              {formatNumber(p.bgNbd.a, { digits: 3 })}, b = {formatNumber(p.bgNbd.b, { digits: 3 })}
              ; p = {formatNumber(p.gammaGamma.p, { digits: 2 })}, q ={' '}
              {formatNumber(p.gammaGamma.q, { digits: 2 })}, γ ={' '}
              {formatNumber(p.gammaGamma.gamma, { digits: 2 })}.
            </p>
            <p class="muted small">
              Predicted contribution = predicted net sales × the customer’s contribution margin so
              far (their orders’ net sales − cost of goods − shipping − payment fees, ÷ their net
              sales), as Fader, Hardie &amp; Lee turn predicted spend into value with a margin:
              Gamma-Gamma models positive spend, and contribution per order can be zero or below. A
              customer whose orders lost money is predicted to lose money again; one with nothing
              left after returns takes the store’s margin ({formatPercent(p.margin, { digits: 1 })}
              ).
            </p>
            <p>
              All customers: {money(p.total)} of net sales predicted for the next 12 months,{' '}
              {money(p.perCustomer)} per customer; {money(p.totalContribution)} of contribution,{' '}
              {money(p.perCustomerContribution)} per customer
              {p.lossMaking > 0
                ? ` (${formatNumber(p.lossMaking)} customer${p.lossMaking === 1 ? '' : 's'} predicted to cost more than they bring)`
                : ''}
              .
            </p>
            <Table
              currency={cur}
              caption="Customers of most predicted contribution"
              rows={p.top}
              empty="No customer to predict."
              columns={predictedCols}
              exportName="predicted-customer-value"
              rowKey={(r) => r.customerKey}
            />
          </>
        )}
      </section>
    </>
  );
}
