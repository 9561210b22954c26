/**
 * The purchase funnel from daily traffic (sessions → product views → add to cart → checkout →
 * purchase): step conversion and drop-off, cart and checkout abandonment, by channel and over time.
 */
import type { Dataset } from './dataset.ts';
import type { Query } from './scan.ts';
import { rangeDays } from './scan.ts';
import { NO_DAY, isoMonthOf, isoOf, isoWeekLabel, isoWeekStart, monthOf } from '../time/index.ts';

export const FUNNEL_STEPS = [
  'sessions',
  'productViews',
  'addToCarts',
  'checkouts',
  'purchases',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelStepRow {
  step: FunnelStep;
  count: number;
  /** This step ÷ the previous step (null for the first step or a zero previous step). */
  conversion: number | null;
  /** 1 − conversion. */
  dropOff: number | null;
  /** This step ÷ sessions. */
  fromStart: number | null;
}

export interface FunnelTotals {
  steps: FunnelStepRow[];
  /** Purchases ÷ sessions. */
  conversionRate: number | null;
  /** 1 − purchases ÷ add-to-carts (carts that never became an order). */
  cartAbandonmentRate: number | null;
  /** 1 − purchases ÷ checkouts started. */
  checkoutAbandonmentRate: number | null;
}

export interface FunnelResult extends FunnelTotals {
  byChannel: (FunnelTotals & { channel: string })[];
  series: {
    grain: 'day' | 'week' | 'month';
    labels: string[];
    sessions: Float64Array;
    purchases: Float64Array;
    /** Purchases ÷ sessions per bucket (NaN without sessions). */
    conversionRate: Float64Array;
    cartAbandonmentRate: Float64Array;
  };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function totalsOf(counts: number[]): FunnelTotals {
  const steps = FUNNEL_STEPS.map((step, k) => {
    const conversion = k === 0 ? null : ratio(counts[k]!, counts[k - 1]!);
    return {
      step,
      count: counts[k]!,
      conversion,
      dropOff: conversion === null ? null : 1 - conversion,
      fromStart: ratio(counts[k]!, counts[0]!),
    };
  });
  const cart = ratio(counts[4]!, counts[2]!);
  const checkout = ratio(counts[4]!, counts[3]!);
  return {
    steps,
    conversionRate: ratio(counts[4]!, counts[0]!),
    cartAbandonmentRate: cart === null ? null : 1 - cart,
    checkoutAbandonmentRate: checkout === null ? null : 1 - checkout,
  };
}

/** Funnel of a period (null without traffic data); the channel filter applies to traffic channels. */
export function funnel(ds: Dataset, q: Query): FunnelResult | null {
  const t = ds.traffic;
  if (!t) return null;
  const [s, e] = rangeDays(q.range);
  const grain = q.grain ?? 'day';
  const tc = t.columns;
  const want = q.filters?.channel?.length ? new Set(q.filters.channel) : null;
  const cols = FUNNEL_STEPS.map((k) => tc[k]);
  const nCh = tc.channel.dict.length;
  const perChannel = new Float64Array(nCh * 5);
  const total = [0, 0, 0, 0, 0];
  // Buckets of the range.
  const bucketOf = new Int32Array(e - s + 1);
  const labels: string[] = [];
  let prevKey = NaN;
  for (let d = s; d <= e; d++) {
    const key = grain === 'day' ? d : grain === 'week' ? isoWeekStart(d) : monthOf(d);
    if (key !== prevKey) {
      prevKey = key;
      labels.push(
        grain === 'day' ? isoOf(d) : grain === 'week' ? isoWeekLabel(d) : isoMonthOf(key),
      );
    }
    bucketOf[d - s] = labels.length - 1;
  }
  const nb = labels.length;
  const bSessions = new Float64Array(nb);
  const bCarts = new Float64Array(nb);
  const bPurchases = new Float64Array(nb);
  for (let r = 0; r < t.length; r++) {
    const d = ds.trafficDay[r]!;
    if (d === NO_DAY || d < s || d > e) continue;
    const ch = tc.channel.codes[r]!;
    if (want && !want.has(tc.channel.dict[ch]!)) continue;
    for (let k = 0; k < 5; k++) {
      const v = cols[k]![r]!;
      total[k]! += v;
      perChannel[ch * 5 + k]! += v;
    }
    const b = bucketOf[d - s]!;
    bSessions[b]! += tc.sessions[r]!;
    bCarts[b]! += tc.addToCarts[r]!;
    bPurchases[b]! += tc.purchases[r]!;
  }
  const byChannel: FunnelResult['byChannel'] = [];
  for (let ch = 0; ch < nCh; ch++) {
    const counts = Array.from(perChannel.subarray(ch * 5, ch * 5 + 5));
    if (counts.every((v) => v === 0)) continue;
    byChannel.push({ channel: tc.channel.dict[ch]!, ...totalsOf(counts) });
  }
  byChannel.sort(
    (a, b) => b.steps[0]!.count - a.steps[0]!.count || a.channel.localeCompare(b.channel),
  );
  const conversionRate = new Float64Array(nb);
  const cartAbandonmentRate = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    conversionRate[b] = bSessions[b]! > 0 ? bPurchases[b]! / bSessions[b]! : NaN;
    cartAbandonmentRate[b] = bCarts[b]! > 0 ? 1 - bPurchases[b]! / bCarts[b]! : NaN;
  }
  return {
    ...totalsOf(total),
    byChannel,
    series: {
      grain,
      labels,
      sessions: bSessions,
      purchases: bPurchases,
      conversionRate,
      cartAbandonmentRate,
    },
  };
}
