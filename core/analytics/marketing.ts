/**
 * Marketing efficiency (REFERENCE.md): spend, last-click attributed revenue by UTM source (else
 * medium) mapped to the ad channels of the spend data, ROAS, CAC and MER, by channel and campaign.
 * Attributed revenue is the order's total sales net of its returns (returns dated with the order).
 */
import type { Dataset } from './dataset.ts';
import type { Query } from './scan.ts';
import { rangeDays, scan } from './scan.ts';
import { valueAt } from './sparse.ts';
import { dayMeasures } from './sales.ts';
import { NO_DAY, isoOf, isoWeekStart, monthOf } from '../time/index.ts';

export interface MarketingRow {
  channel: string;
  /** Empty for a channel row. */
  campaign: string;
  spend: number;
  impressions: number;
  clicks: number;
  attributedOrders: number;
  attributedRevenue: number;
  /** First orders of new customers attributed here. */
  newCustomers: number;
  /** Attributed revenue ÷ spend. */
  roas: number | null;
  /** Spend ÷ attributed new customers. */
  cac: number | null;
}

export interface MarketingResult {
  currency: string;
  spend: number;
  /** Total sales of all orders in the period (order-dated returns). */
  totalSales: number;
  attributedRevenue: number;
  /** Revenue of orders whose source matched no ad channel (direct, organic, unpaid). */
  unattributedRevenue: number;
  newCustomers: number;
  /** Total sales ÷ total ad spend (marketing efficiency ratio). */
  mer: number | null;
  /** Attributed revenue ÷ total spend. */
  roas: number | null;
  /** Total spend ÷ all new customers of the period. */
  cac: number | null;
  byChannel: MarketingRow[];
  byCampaign: MarketingRow[];
  /** Spend rows skipped for lack of an FX rate, by currency (in their own minor units). */
  unconvertedSpend: { currency: string; spend: number }[];
}

interface Acc {
  spend: number;
  impressions: number;
  clicks: number;
  orders: number;
  revenue: number;
  newCustomers: number;
}
const acc = (): Acc => ({
  spend: 0,
  impressions: 0,
  clicks: 0,
  orders: 0,
  revenue: 0,
  newCustomers: 0,
});

/** Spend, attributed revenue, ROAS, CAC and MER of a period, by ad channel and campaign (null without spend data). */
export function marketing(ds: Dataset, q: Query): MarketingResult | null {
  const sp = ds.spend;
  if (!sp) return null;
  const [s, e] = rangeDays(q.range);
  const sc = sp.columns;
  const oc = ds.orders.columns;
  const nKeys = ds.spendChannelKeys.length;
  const channelName: string[] = new Array<string>(nKeys).fill('');
  for (let r = 0; r < sp.length; r++) {
    const k = ds.spendRowChannel[r]!;
    if (!channelName[k]) channelName[k] = sc.channel.dict[sc.channel.codes[r]!]!;
  }
  const channels = Array.from({ length: nKeys }, acc);
  const campaigns = new Map<string, Acc & { channel: number; campaign: string }>();
  const campaignOf = (k: number, name: string) => {
    const id = `${k}|${name.toLowerCase()}`;
    let c = campaigns.get(id);
    if (!c) {
      c = { ...acc(), channel: k, campaign: name };
      campaigns.set(id, c);
    }
    return c;
  };
  const uncSpend = new Map<string, number>();
  let spend = 0;
  for (let r = 0; r < sp.length; r++) {
    const d = ds.spendDay[r]!;
    if (d === NO_DAY || d < s || d > e) continue;
    const v = ds.spendReporting[r]!;
    if (v !== v) {
      const cur = sc.currency.dict[sc.currency.codes[r]!]!;
      uncSpend.set(cur, (uncSpend.get(cur) ?? 0) + sc.spend[r]!);
      continue;
    }
    const k = ds.spendRowChannel[r]!;
    spend += v;
    for (const a of [channels[k]!, campaignOf(k, sc.campaign.dict[sc.campaign.codes[r]!]!)]) {
      a.spend += v;
      a.impressions += sc.impressions[r]!;
      a.clicks += sc.clicks[r]!;
    }
  }
  // The spend campaign an order's utm_campaign names, resolved once per (channel, campaign code).
  const nCamp = oc.utmCampaign.dict.length;
  const campByCode = new Map<number, (Acc & { channel: number; campaign: string }) | null>();
  const campaignOfOrder = (k: number, code: number) => {
    const key = k * nCamp + code;
    let c = campByCode.get(key);
    if (c === undefined) {
      const name = oc.utmCampaign.dict[code]!;
      c = name ? (campaigns.get(`${k}|${name.toLowerCase()}`) ?? null) : null;
      campByCode.set(key, c);
    }
    return c;
  };
  // Sales as on the Overview: total sales of the orders placed in the period, less the refunds
  // the Overview's refund dating puts in it (their goods, shipping and taxes).
  const dating = q.refundDating ?? ds.refundDating;
  let totalSales = 0;
  let attributed = 0;
  let newCustomers = 0;
  const seen = new Uint8Array(ds.customerCount);
  const credit = (i: number, sales: number) => {
    const k = ds.orderAttributedChannel[i]!;
    if (k < 0) return null;
    attributed += sales;
    const ch = channels[k]!;
    ch.revenue += sales;
    const camp = campaignOfOrder(k, oc.utmCampaign.codes[i]!);
    if (camp) camp.revenue += sales;
    return { ch, camp };
  };
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      order(i, _slot, f) {
        const sales = (oc.total[i]! - valueAt(ds.giftCards, i)) * f;
        totalSales += sales;
        const c = ds.orderCustomer[i]!;
        const isNew = c >= 0 && seen[c] === 0 && ds.customerFirstDay[c] === ds.orderDay[i];
        if (c >= 0) seen[c] = 1;
        if (isNew) newCustomers++;
        const to = credit(i, sales);
        if (!to) return;
        to.ch.orders++;
        if (isNew) to.ch.newCustomers++;
        if (to.camp) {
          to.camp.orders++;
          if (isNew) to.camp.newCustomers++;
        }
      },
      orderReturn(i, _slot, amount, _f, shipping, taxes) {
        const refund = amount + shipping + taxes;
        totalSales -= refund;
        credit(i, -refund);
      },
    },
    false,
  );
  const row = (channel: string, campaign: string, a: Acc): MarketingRow => ({
    channel,
    campaign,
    spend: a.spend,
    impressions: a.impressions,
    clicks: a.clicks,
    attributedOrders: a.orders,
    attributedRevenue: a.revenue,
    newCustomers: a.newCustomers,
    roas: a.spend > 0 ? a.revenue / a.spend : null,
    cac: a.spend > 0 && a.newCustomers > 0 ? a.spend / a.newCustomers : null,
  });
  const bySpend = (x: MarketingRow, y: MarketingRow) =>
    y.spend - x.spend || x.channel.localeCompare(y.channel);
  return {
    currency: ds.currency,
    spend,
    totalSales,
    attributedRevenue: attributed,
    unattributedRevenue: totalSales - attributed,
    newCustomers,
    mer: spend > 0 ? totalSales / spend : null,
    roas: spend > 0 ? attributed / spend : null,
    cac: spend > 0 && newCustomers > 0 ? spend / newCustomers : null,
    byChannel: channels
      .map((a, k) => row(channelName[k]!, '', a))
      .filter((r) => r.spend > 0 || r.attributedOrders > 0)
      .sort(bySpend),
    byCampaign: [...campaigns.values()]
      .filter((c) => c.campaign !== '' && (c.spend > 0 || c.orders > 0))
      .map((c) => row(channelName[c.channel]!, c.campaign, c))
      .sort(bySpend),
    unconvertedSpend: [...uncSpend].map(([currency, v]) => ({ currency, spend: v })),
  };
}

export interface SpendSeries {
  grain: 'day' | 'week' | 'month';
  /** First day of each bucket ('YYYY-MM-DD'). */
  starts: string[];
  /** Ad channels as named in the spend import, and per channel the spend per bucket (reporting minor units). */
  channels: string[];
  spend: Float64Array[];
  /** Total sales per bucket and MER (total sales ÷ all spend; NaN without spend). */
  totalSales: Float64Array;
  mer: Float64Array;
}

/** Ad spend per channel and MER per day, week or month of the range (null without a spend import). */
export function spendSeries(ds: Dataset, q: Query): SpendSeries | null {
  const sp = ds.spend;
  if (!sp || sp.length === 0) return null;
  const [s, e] = rangeDays(q.range);
  const grain = q.grain ?? 'week';
  const bucketOf = new Int32Array(e - s + 1);
  const starts: string[] = [];
  let prev = NaN;
  for (let d = s; d <= e; d++) {
    const key = grain === 'day' ? d : grain === 'week' ? isoWeekStart(d) : monthOf(d);
    if (key !== prev) {
      prev = key;
      starts.push(isoOf(d));
    }
    bucketOf[d - s] = starts.length - 1;
  }
  const nb = starts.length;
  const cc = sp.columns.channel;
  const want = q.filters?.channel?.length ? new Set(q.filters.channel) : null;
  const perCode = cc.dict.map(() => new Float64Array(nb));
  const used = new Uint8Array(cc.dict.length);
  const all = new Float64Array(nb);
  for (let r = 0; r < sp.length; r++) {
    const d = ds.spendDay[r]!;
    if (d === NO_DAY || d < s || d > e) continue;
    const c = cc.codes[r]!;
    if (want && !want.has(cc.dict[c]!)) continue;
    const v = ds.spendReporting[r]!;
    if (v !== v) continue;
    const b = bucketOf[d - s]!;
    perCode[c]![b]! += v;
    all[b]! += v;
    used[c] = 1;
  }
  const m = dayMeasures(ds, s, e, q.filters, q.refundDating ?? ds.refundDating);
  const totalSales = new Float64Array(nb);
  for (let k = 0; k <= e - s; k++) {
    totalSales[bucketOf[k]!]! +=
      m.grossSales[k]! - m.discounts[k]! - m.returns[k]! + m.shipping[k]! + m.taxes[k]!;
  }
  const channels: string[] = [];
  const spend: Float64Array[] = [];
  for (let c = 0; c < cc.dict.length; c++) {
    if (!used[c]) continue;
    channels.push(cc.dict[c]!);
    spend.push(perCode[c]!);
  }
  return {
    grain,
    starts,
    channels,
    spend,
    totalSales,
    mer: Float64Array.from(all, (v, b) => (v > 0 ? totalSales[b]! / v : NaN)),
  };
}
