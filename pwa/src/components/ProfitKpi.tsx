import type { JSX } from 'preact';
import { useQuery, useStore } from '../data.tsx';
import { Kpi } from '../../../core/ui/Kpi.tsx';
import { dateFormat, formatDay, formatMoney, formatPercent } from '../../../core/ui/format.ts';
import { pctChange } from '../../../core/analytics/kpis.ts';
import type { ProfitCard } from '../../../core/worker/profit.ts';
import type { Explanation } from './Explain.tsx';

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return dateFormat(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    Date.UTC(y!, m! - 1, 1),
  );
}

/**
 * "Explain this number" for the net profit card: the formula, every cost in it, the coverage
 * (share of net sales with a known cost) and the pace against the month's target.
 */
export function explainProfitCard(c: ProfitCard): Explanation {
  const money = (v: number | null | undefined) => formatMoney(v, c.currency);
  const p = c.pnl;
  const known = p.coverage.costedNetSales + p.coverage.defaultMarginNetSales;
  const share = (v: number) => formatPercent(p.netSales !== 0 ? v / p.netSales : null);
  const t = c.target;
  return {
    title: 'Net profit, month to date',
    value: money(p.netProfit),
    formula:
      'Net profit = net sales − cost of goods − shipping costs − payment fees − ad spend − fixed costs (each month’s fixed costs spread evenly over its days). This is the P&L’s bottom line, not contribution after marketing, because a monthly profit target is for what is left after every cost; with no fixed costs set the two are equal. Pace: the month to date at its daily run rate, and the month to date plus the forecast of the remaining days.',
    filters: `${formatDay(c.start)} – ${formatDay(c.end)} (${c.daysElapsed} of ${c.daysInMonth} days), all orders, compared with the same days of the month before`,
    rows: [
      { label: 'Net sales', value: money(p.netSales) },
      { label: '− Cost of goods', value: money(p.cogs) },
      { label: '− Shipping costs', value: money(p.shippingCosts) },
      { label: '− Payment fees', value: money(p.paymentFees) },
      { label: '− Ad spend', value: money(p.adSpend) },
      { label: '− Fixed costs', value: money(p.fixedCosts) },
      { label: 'Contribution after marketing', value: money(p.contributionAfterMarketing) },
      {
        label: 'Net sales with a known cost (product cost or default margin)',
        value: `${money(known)} (${share(known)})`,
      },
      {
        label: 'Net sales with no cost (counted at 0)',
        value: `${money(p.coverage.uncoveredNetSales)} (${share(p.coverage.uncoveredNetSales)})`,
      },
      {
        label: 'Orders with no payment-fee rate (no fee counted)',
        value: String(p.coverage.ordersWithoutFeeRate),
      },
      ...(t
        ? [
            { label: `Target for ${monthName(c.month)}`, value: money(t.target) },
            { label: 'Of target so far', value: formatPercent(t.progress, { digits: 0 }) },
            { label: 'Projection at the run rate', value: money(t.runRateProjection) },
            { label: 'Projection with the forecast', value: money(t.forecastProjection) },
            {
              label: t.gap > 0 ? 'Short of target' : 'Ahead of target',
              value: money(Math.abs(t.gap)),
            },
          ]
        : [{ label: 'Target', value: 'none set (Settings → Monthly targets, Net profit)' }]),
      { label: 'Same days of the month before', value: money(c.previous.netProfit) },
    ],
  };
}

/** The Overview's net profit card: month to date against the month's net profit target, with pace. */
export function ProfitKpi({
  after,
  compared,
  onExplain,
}: {
  /** False until the Overview's headline numbers are in (this query queues behind them). */
  after: boolean;
  /** False when the manager chose no comparison: then no change is shown, as on the other cards. */
  compared: boolean;
  onExplain: (e: Explanation) => void;
}): JSX.Element | null {
  const store = useStore();
  const ready = !!store.meta && !store.meta.empty && after;
  const res = useQuery(ready ? (api, signal) => api.call('profitCard', [], { signal }) : null, [
    ready,
  ]);
  if (!store.meta || store.meta.empty) return null;
  const c = res.data;
  const cur = c?.currency ?? store.meta.currency ?? 'USD';
  const t = c?.target ?? null;
  const note = !c
    ? null
    : t
      ? `${formatPercent(t.progress, { digits: 0 })} of ${formatMoney(t.target, cur)} target, ${t.onTrack ? 'on track' : 'behind'}: on pace for ${formatMoney(t.forecastProjection ?? t.runRateProjection, cur)}`
      : `${monthName(c.month)} to date; no net profit target set`;
  return (
    <section class="grid kpis" aria-label="Profit">
      <Kpi
        label="Net profit this month"
        value={c ? formatMoney(c.pnl.netProfit, cur) : null}
        change={c && compared ? pctChange(c.pnl.netProfit, c.previous.netProfit) : undefined}
        note={note}
        hint="Net sales − cost of goods − shipping − payment fees − ad spend − fixed costs, month to date"
        onExplain={() => c && onExplain(explainProfitCard(c))}
      />
    </section>
  );
}
