/**
 * The demo store: ~3 years of a believable outdoor-apparel shop, generated straight into columns
 * (typed arrays, dictionary-encoded strings) so 1M order lines take seconds, not minutes.
 * Deterministic: the same options give identical output.
 */
import type {
  LinesTable,
  OrdersTable,
  SnapshotsTable,
  SpendTable,
  StrColumn,
  TrafficTable,
} from '../schema/columns.ts';
import type { Experiment, Product, Settings, Target } from '../schema/store.ts';
import type { TrackedProduct } from '../schema/competitive.ts';
import { DAY_MS, dayOf, isoOf } from '../time/calendar.ts';
import { dayStarts, thanksgiving, weekdayOf } from './calendar.ts';
import { makeCatalog } from './catalog.ts';
import { Rng, WeightedPicker } from './random.ts';

export interface DemoOptions {
  /** Same seed, same store. */
  seed?: number;
  /** Number of orders (default 20,000). Ignored when `lines` is given. */
  orders?: number;
  /** Exact number of order lines; the order count follows (~1.9 lines per order). */
  lines?: number;
  /** Last day of the history, "YYYY-MM-DD" in the store's timezone (default 2026-11-25). */
  endDate?: string;
  /** Length of the history in days (default 3 years). */
  days?: number;
}

/** Facts about the generated store, for checks (tests, the bench) and the UI's demo banner. */
export interface DemoSummary {
  seed: number;
  orders: number;
  lines: number;
  customers: number;
  firstDay: string;
  lastDay: string;
  timezone: string;
}

export interface DemoStore {
  orders: OrdersTable;
  lines: LinesTable;
  traffic: TrafficTable;
  spend: SpendTable;
  products: Product[];
  experiments: Experiment[];
  targets: Target[];
  settings: Settings;
  snapshots: SnapshotsTable;
  trackedProducts: TrackedProduct[];
  summary: DemoSummary;
}

export const DEMO_END_DATE = '2026-11-25';
export const DEMO_TIMEZONE = 'America/New_York';
const MEAN_LINES_PER_ORDER = 1.94;

interface ChannelDef {
  name: string;
  share: number;
  /** Share during Black Friday week (email and paid social push harder). */
  bfShare: number;
  /** Sessions → order conversion rate. */
  cr: number;
  source: string;
  medium: string;
  campaigns: string[];
  referrers: string[];
  /** Ad platform this channel's spend is booked under ('' = unpaid). */
  adPlatform: string;
}

const channels: ChannelDef[] = [
  {
    name: 'Direct',
    share: 0.22,
    bfShare: 0.18,
    cr: 0.034,
    source: '',
    medium: '',
    campaigns: [''],
    referrers: [''],
    adPlatform: '',
  },
  {
    name: 'Organic search',
    share: 0.26,
    bfShare: 0.18,
    cr: 0.022,
    source: '',
    medium: '',
    campaigns: [''],
    referrers: ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/'],
    adPlatform: '',
  },
  {
    name: 'Paid search',
    share: 0.18,
    bfShare: 0.18,
    cr: 0.029,
    source: 'google',
    medium: 'cpc',
    campaigns: ['brand-search', 'shopping-all', 'generic-search'],
    referrers: ['https://www.google.com/'],
    adPlatform: 'Google Ads',
  },
  {
    name: 'Paid social',
    share: 0.14,
    bfShare: 0.2,
    cr: 0.012,
    source: 'facebook',
    medium: 'paid_social',
    campaigns: ['prospecting-broad', 'retargeting-30d'],
    referrers: ['https://www.facebook.com/', 'https://www.instagram.com/'],
    adPlatform: 'Meta Ads',
  },
  {
    name: 'Email',
    share: 0.14,
    bfShare: 0.22,
    cr: 0.045,
    source: 'klaviyo',
    medium: 'email',
    campaigns: ['newsletter-weekly', 'abandoned-cart', 'welcome-series'],
    referrers: [''],
    adPlatform: '',
  },
  {
    name: 'Referral',
    share: 0.06,
    bfShare: 0.04,
    cr: 0.025,
    source: '',
    medium: '',
    campaigns: [''],
    referrers: [
      'https://www.reddit.com/',
      'https://www.outdoorgearlab.com/',
      'https://www.youtube.com/',
    ],
    adPlatform: '',
  },
];

const countriesUsd: [string, number][] = [
  ['US', 0.88],
  ['CA', 0.05],
  ['GB', 0.03],
  ['AU', 0.04],
];
const countriesEur = ['DE', 'FR', 'NL', 'ES', 'IT'];
const EUR_SHARE = 0.03;
const US_TAX = 0.07;

/** Order share by local hour (evenings peak). */
const hourWeights = [
  0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.1, 1.6, 2.0, 2.3, 2.5, 2.7, 2.6, 2.5, 2.5, 2.6, 2.8, 3.1,
  3.5, 3.8, 3.6, 2.8, 1.7,
];
/** Sunday..Saturday. */
const weekdayWeights = [1.04, 1.07, 1.02, 1.0, 0.97, 0.93, 0.9];

/** A string column builder: codes per row, one dictionary. */
class Dict {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(v: string): number {
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.index.set(v, c);
    }
    return c;
  }
}

function strCol(codes: Int32Array, dict: string[]): StrColumn {
  return { codes, dict };
}

/** Relative order volume of each day: trend, week, year, holidays, Black Friday. */
function dayWeights(firstDay: number, days: number, rng: Rng): Float64Array {
  const w = new Float64Array(days);
  const peaks = new Map<number, number>();
  const y0 = new Date(firstDay * DAY_MS).getUTCFullYear();
  for (let y = y0; y <= y0 + Math.ceil(days / 365) + 1; y++) {
    const tg = thanksgiving(y);
    const boost: [number, number][] = [
      [-10, 0.88],
      [-9, 0.88],
      [-8, 0.88],
      [-7, 0.9],
      [-6, 0.9],
      [-5, 0.92],
      [-4, 0.95],
      [-3, 1.05],
      [-2, 1.15],
      [-1, 1.25],
      [0, 1.7],
      [1, 3.6],
      [2, 2.5],
      [3, 2.2],
      [4, 3.1],
      [5, 1.6],
      [6, 1.2],
    ];
    for (const [k, f] of boost) peaks.set(tg + k, f);
  }
  for (let k = 0; k < days; k++) {
    const day = firstDay + k;
    const date = new Date(day * DAY_MS);
    const month = date.getUTCMonth();
    const dom = date.getUTCDate();
    const doy = (day - Date.UTC(date.getUTCFullYear(), 0, 1) / DAY_MS) / 365.25;
    const trend = Math.pow(1.28, k / 365.25);
    // Outdoor shop: spring and early summer strong, late summer and January soft.
    const season =
      1 + 0.14 * Math.sin(2 * Math.PI * (doy - 0.2)) + 0.06 * Math.cos(4 * Math.PI * doy);
    let holiday = 1;
    if (month === 11 && dom <= 20) holiday = 1.35;
    else if (month === 11 && dom >= 24) holiday = 0.7;
    else if (month === 0 && dom <= 10) holiday = 0.8;
    const noise = Math.max(0.5, 1 + 0.1 * rng.normal());
    w[k] =
      trend * season * holiday * weekdayWeights[weekdayOf(day)]! * (peaks.get(day) ?? 1) * noise;
  }
  return w;
}

/** Splits `total` over days in proportion to weights, exactly (largest remainders). */
function allocate(total: number, w: Float64Array): Int32Array {
  const sum = w.reduce((a, b) => a + b, 0);
  const out = new Int32Array(w.length);
  const rem: [number, number][] = [];
  let given = 0;
  for (let k = 0; k < w.length; k++) {
    const x = (total * w[k]!) / sum;
    out[k] = Math.floor(x);
    given += out[k]!;
    rem.push([x - out[k]!, k]);
  }
  rem.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; i < total - given; i++) out[rem[i]![1]]!++;
  return out;
}

/** Generates the demo store. 20k orders take well under a second; 1M lines a few seconds. */
export function generateDemoStore(opts: DemoOptions = {}): DemoStore {
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const timezone = DEMO_TIMEZONE;
  const lastDay = dayOf(opts.endDate ?? DEMO_END_DATE);
  const days = opts.days ?? 365 * 3 + 1;
  const firstDay = lastDay - days + 1;
  const cal = dayStarts(firstDay, days, timezone);
  const endMs = cal.start[days - 1]! + DAY_MS - 1;

  const targetLines = opts.lines;
  const nOrders =
    targetLines !== undefined
      ? Math.max(1, Math.round(targetLines / MEAN_LINES_PER_ORDER))
      : Math.max(1, opts.orders ?? 20_000);

  const catalog = makeCatalog(rng, days, endMs);
  const { products } = catalog;
  const nSku = products.length;
  const skuPicker = new WeightedPicker(catalog.demand);

  // Lines per order: 1–6, adjusted so an exact line count comes out when asked for.
  const lineCount = new Int32Array(nOrders);
  const lcPicker = new WeightedPicker([0, 0.47, 0.3, 0.13, 0.06, 0.03, 0.01]);
  let nLines = 0;
  for (let i = 0; i < nOrders; i++) nLines += lineCount[i] = lcPicker.pick(rng.next());
  if (targetLines !== undefined) {
    while (nLines < targetLines) {
      const i = rng.int(0, nOrders - 1);
      if (lineCount[i]! < 8) {
        lineCount[i]!++;
        nLines++;
      }
    }
    while (nLines > targetLines) {
      const i = rng.int(0, nOrders - 1);
      if (lineCount[i]! > 1) {
        lineCount[i]!--;
        nLines--;
      }
    }
  }

  const perDay = allocate(nOrders, dayWeights(firstDay, days, rng));
  const hourPicker = new WeightedPicker(hourWeights);
  const channelPicker = new WeightedPicker(channels.map((c) => c.share));
  const bfChannelPicker = new WeightedPicker(channels.map((c) => c.bfShare));
  const usdCountry = new WeightedPicker(countriesUsd.map((c) => c[1]));
  const bfDays = new Set<number>();
  for (
    let y = new Date(firstDay * DAY_MS).getUTCFullYear();
    y <= new Date(lastDay * DAY_MS).getUTCFullYear();
    y++
  ) {
    const tg = thanksgiving(y);
    for (let k = 0; k <= 4; k++) bfDays.add(tg + k);
  }

  // FX: EUR in USD per month, a slow drift.
  const fxRates: Settings['fxRates'] = [];
  const eurRate = new Map<string, number>();
  for (let m = 0, d = firstDay; d <= lastDay; m++) {
    const month = isoOf(d).slice(0, 7);
    const rate = Math.round((1.09 + 0.05 * Math.sin(m / 5) + 0.01 * rng.normal()) * 10000) / 10000;
    fxRates.push({ month, from: 'EUR', rate });
    eurRate.set(month, rate);
    const [y, mo] = month.split('-').map(Number) as [number, number];
    d = Math.floor(Date.UTC(y, mo, 1) / DAY_MS);
  }
  const monthOfDay = new Array<string>(days);
  for (let k = 0; k < days; k++) monthOfDay[k] = isoOf(firstDay + k).slice(0, 7);

  // Order columns.
  const seq = new Int32Array(nOrders);
  for (let x = 0; x < nOrders; x++) seq[x] = x;
  const o = {
    createdAt: new Float64Array(nOrders),
    customerKey: new Int32Array(nOrders),
    currency: new Int32Array(nOrders),
    subtotal: new Float64Array(nOrders),
    discounts: new Float64Array(nOrders),
    shipping: new Float64Array(nOrders),
    taxes: new Float64Array(nOrders),
    total: new Float64Array(nOrders),
    refunded: new Float64Array(nOrders),
    refundedAt: new Float64Array(nOrders).fill(NaN),
    financialStatus: new Int32Array(nOrders),
    fulfillmentStatus: new Int32Array(nOrders),
    cancelledAt: new Float64Array(nOrders).fill(NaN),
    channel: new Int32Array(nOrders),
    utmSource: new Int32Array(nOrders),
    utmMedium: new Int32Array(nOrders),
    utmCampaign: new Int32Array(nOrders),
    referrer: new Int32Array(nOrders),
    landingPage: new Int32Array(nOrders),
    discountCode: new Int32Array(nOrders),
    country: new Int32Array(nOrders),
  };
  const l = {
    orderId: new Int32Array(nLines),
    createdAt: new Float64Array(nLines),
    sku: new Int32Array(nLines),
    quantity: new Int32Array(nLines),
    unitPrice: new Float64Array(nLines),
    discount: new Float64Array(nLines),
    refundedQuantity: new Int32Array(nLines),
    currency: new Int32Array(nLines),
  };
  const orderIds = new Array<string>(nOrders);
  const orderNumbers = new Array<string>(nOrders);
  const dicts = {
    customer: new Dict(),
    currency: new Dict(),
    financial: new Dict(),
    fulfillment: new Dict(),
    channel: new Dict(),
    source: new Dict(),
    medium: new Dict(),
    campaign: new Dict(),
    referrer: new Dict(),
    landing: new Dict(),
    code: new Dict(),
    country: new Dict(),
  };
  const USD = dicts.currency.code('USD');
  const EUR = dicts.currency.code('EUR');
  const NONE = { pct: 0, code: dicts.code.code('') };
  const BFCM = { pct: 0.25, code: dicts.code.code('BFCM25') };
  const WELCOME = { pct: 0.1, code: dicts.code.code('WELCOME10') };
  const SPRING = { pct: 0.15, code: dicts.code.code('SPRING15') };
  const NEWS = { pct: 0.1, code: dicts.code.code('NEWS10') };
  const PAID = dicts.financial.code('paid');
  const PARTIAL = dicts.financial.code('partially_refunded');
  const REFUNDED = dicts.financial.code('refunded');
  const FULFILLED = dicts.fulfillment.code('fulfilled');
  const UNFULFILLED = dicts.fulfillment.code('unfulfilled');
  const chCode = channels.map((c) => dicts.channel.code(c.name));
  const landingHome = dicts.landing.code('/');
  const countryCodes = countriesUsd.map(([c]) => dicts.country.code(c));
  const eurCountryCodes = countriesEur.map((c) => dicts.country.code(c));

  // Orders per channel per day, for the traffic funnel and ad spend.
  const chDayOrders = new Int32Array(days * channels.length);
  const campaignRevenue = new Map<string, Float64Array>();

  // Customers: the order's customer is new, or a returning one picked with a bias to recent
  // first-timers (the chance to come back decays with time since the first order).
  let customers = 0;
  const customerName = (c: number) =>
    `cus_${((c * 2654435761) >>> 0).toString(36)}${c.toString(36)}`;

  const unitPriceOf = new Float64Array(nSku);
  for (let s = 0; s < nSku; s++) unitPriceOf[s] = products[s]!.price;

  let i = 0;
  let j = 0;
  const dayTimes = new Float64Array(Math.max(...perDay, 1));
  for (let k = 0; k < days; k++) {
    const count = perDay[k]!;
    const day = firstDay + k;
    const isBf = bfDays.has(day);
    const month = monthOfDay[k]!;
    const rate = eurRate.get(month) ?? 1.1;
    const monthNo = Number(month.slice(5));
    const times = dayTimes.subarray(0, count);
    for (let t = 0; t < count; t++) {
      const hour = hourPicker.pick(rng.next());
      const localMs = day * DAY_MS + hour * 3_600_000 + Math.floor(rng.next() * 3_600_000);
      times[t] = cal.changes[k] ? cal.localToUtc(localMs) : localMs - cal.offset[k]!;
    }
    times.sort();
    const returningShare = 0.36 * Math.min(1, k / 240);
    for (let t = 0; t < count; t++, i++) {
      const createdAt = times[t]!;
      orderIds[i] = String(5_100_000_000 + i * 7);
      orderNumbers[i] = `#${1001 + i}`;
      o.createdAt[i] = createdAt;

      let cust: number;
      let isNew = true;
      if (customers > 20 && rng.chance(returningShare)) {
        isNew = false;
        const u = rng.next();
        cust = rng.chance(0.7)
          ? customers - 1 - Math.floor(customers * u * u * u)
          : Math.floor(customers * u);
      } else {
        cust = customers++;
      }
      o.customerKey[i] = dicts.customer.code(customerName(cust));

      const ch = (isBf ? bfChannelPicker : channelPicker).pick(rng.next());
      const chDef = channels[ch]!;
      o.channel[i] = chCode[ch]!;
      const campaign =
        isBf && chDef.name === 'Email' ? `bfcm-${month.slice(0, 4)}` : rng.pick(chDef.campaigns);
      let source = chDef.source;
      if (chDef.name === 'Paid social' && rng.chance(0.4)) source = 'instagram';
      o.utmSource[i] = dicts.source.code(source);
      o.utmMedium[i] = dicts.medium.code(chDef.medium);
      o.utmCampaign[i] = dicts.campaign.code(campaign);
      o.referrer[i] = dicts.referrer.code(rng.pick(chDef.referrers));
      chDayOrders[k * channels.length + ch]!++;

      const eur = rng.chance(EUR_SHARE);
      o.currency[i] = eur ? EUR : USD;
      o.country[i] = eur ? rng.pick(eurCountryCodes) : countryCodes[usdCountry.pick(rng.next())]!;

      // Discount code: Black Friday sale, welcome code for new customers, spring sale.
      const offer =
        isBf && rng.chance(0.55)
          ? BFCM
          : isNew && rng.chance(0.12)
            ? WELCOME
            : monthNo === 4 && rng.chance(0.15)
              ? SPRING
              : chDef.name === 'Email' && rng.chance(0.1)
                ? NEWS
                : NONE;
      const pct = offer.pct;
      const code = offer.code;
      o.discountCode[i] = code;

      let gross = 0;
      let discounts = 0;
      const first = j;
      const nl = lineCount[i]!;
      for (let q = 0; q < nl; q++, j++) {
        let s = skuPicker.pick(rng.next());
        // Not yet launched, or sold out: the shopper buys something else.
        for (
          let tries = 0;
          tries < 4 && (k < catalog.launchDay[s]! || k >= catalog.stockoutDay[s]!);
          tries++
        ) {
          s = skuPicker.pick(rng.next());
        }
        const qty = rng.chance(0.8) ? 1 : rng.chance(0.75) ? 2 : 3;
        const usd = unitPriceOf[s]!;
        const price = eur ? Math.round(usd / rate / 100) * 100 - 1 : usd;
        const disc = Math.round(price * qty * pct);
        l.orderId[j] = i;
        l.createdAt[j] = createdAt;
        l.sku[j] = s;
        l.quantity[j] = qty;
        l.unitPrice[j] = price;
        l.discount[j] = disc;
        l.currency[j] = o.currency[i]!;
        gross += price * qty;
        discounts += disc;
      }
      const firstSku = l.sku[first]!;
      o.landingPage[i] = rng.chance(0.45)
        ? dicts.landing.code(`/products/${catalog.handles[firstSku]}`)
        : rng.chance(0.5)
          ? landingHome
          : dicts.landing.code(
              `/collections/${products[firstSku]!.productType.toLowerCase().replace(/\W+/g, '-')}`,
            );

      const subtotal = gross - discounts;
      const shipping = subtotal >= 7500 ? 0 : eur ? 990 : 695;
      const taxes = eur ? 0 : Math.round(subtotal * US_TAX);
      const total = subtotal + shipping + taxes;
      o.subtotal[i] = subtotal;
      o.discounts[i] = discounts;
      o.shipping[i] = shipping;
      o.taxes[i] = taxes;
      o.total[i] = total;
      o.financialStatus[i] = PAID;
      o.fulfillmentStatus[i] = createdAt > endMs - 2 * DAY_MS ? UNFULFILLED : FULFILLED;
      if (chDef.adPlatform) {
        const key = `${chDef.adPlatform}|${campaign}`;
        let arr = campaignRevenue.get(key);
        if (!arr) campaignRevenue.set(key, (arr = new Float64Array(days)));
        arr[k]! += eur ? total * rate : total;
      }

      // Cancellations (~0.8%, within a day) and refunds (~5%, 2–30 days later; full or one line).
      const r = rng.next();
      if (r < 0.008) {
        const at = createdAt + Math.round(rng.range(0.5, 20) * 3_600_000);
        if (at <= endMs) {
          o.cancelledAt[i] = at;
          o.refunded[i] = total;
          o.refundedAt[i] = at;
          o.financialStatus[i] = REFUNDED;
          o.fulfillmentStatus[i] = UNFULFILLED;
          for (let x = first; x < j; x++) l.refundedQuantity[x] = l.quantity[x]!;
        }
      } else if (r < 0.008 + 0.053) {
        const at = createdAt + Math.round(rng.range(2, 30) * DAY_MS);
        if (at <= endMs) {
          o.refundedAt[i] = at;
          if (nl === 1 || rng.chance(0.4)) {
            o.refunded[i] = total;
            o.financialStatus[i] = REFUNDED;
            for (let x = first; x < j; x++) l.refundedQuantity[x] = l.quantity[x]!;
          } else {
            const x = first + rng.int(0, nl - 1);
            const value = l.unitPrice[x]! * l.quantity[x]! - l.discount[x]!;
            o.refunded[i] = value + (eur ? 0 : Math.round(value * US_TAX));
            o.financialStatus[i] = PARTIAL;
            l.refundedQuantity[x] = l.quantity[x]!;
          }
        }
      }
    }
  }

  // Stock on hand from recent demand: most SKUs have weeks of cover, some none, dead stock lots.
  const sold28 = new Float64Array(nSku);
  const cutoff = endMs - 28 * DAY_MS;
  for (let x = nLines - 1; x >= 0 && l.createdAt[x]! > cutoff; x--)
    sold28[l.sku[x]!]! += l.quantity[x]!;
  products.forEach((p, s) => {
    const daily = sold28[s]! / 28;
    if (catalog.stockoutDay[s]! < days) p.onHand = 0;
    else if (catalog.dead[s]) p.onHand = rng.int(80, 400);
    else if (p.productType === 'Gift Cards') p.onHand = null;
    else p.onHand = Math.round(daily * rng.range(5, 120)) + rng.int(0, 6);
    if (p.onHand !== null && p.onHand < daily * (p.leadTimeDays ?? 14) && rng.chance(0.5)) {
      p.onOrder = Math.max(p.moq ?? 1, Math.round(daily * 45));
    }
  });

  const orders: OrdersTable = {
    length: nOrders,
    columns: {
      id: strCol(seq, orderIds),
      number: strCol(seq.slice(), orderNumbers),
      createdAt: o.createdAt,
      customerKey: strCol(o.customerKey, dicts.customer.values),
      currency: strCol(o.currency, dicts.currency.values),
      subtotal: o.subtotal,
      discounts: o.discounts,
      shipping: o.shipping,
      taxes: o.taxes,
      total: o.total,
      refunded: o.refunded,
      refundedAt: o.refundedAt,
      refundedShipping: new Float64Array(nOrders).fill(NaN),
      refundedTaxes: new Float64Array(nOrders).fill(NaN),
      kind: strCol(new Int32Array(nOrders), ['order']),
      financialStatus: strCol(o.financialStatus, dicts.financial.values),
      fulfillmentStatus: strCol(o.fulfillmentStatus, dicts.fulfillment.values),
      cancelledAt: o.cancelledAt,
      channel: strCol(o.channel, dicts.channel.values),
      utmSource: strCol(o.utmSource, dicts.source.values),
      utmMedium: strCol(o.utmMedium, dicts.medium.values),
      utmCampaign: strCol(o.utmCampaign, dicts.campaign.values),
      referrer: strCol(o.referrer, dicts.referrer.values),
      landingPage: strCol(o.landingPage, dicts.landing.values),
      discountCode: strCol(o.discountCode, dicts.code.values),
      country: strCol(o.country, dicts.country.values),
      // Most orders by card through Shopify Payments, some by PayPal, a few paid by hand. Not drawn
      // from the generator's random stream, so every other demo figure stays as it was.
      gateway: {
        codes: Int32Array.from({ length: nOrders }, (_, i) =>
          i % 20 < 17 ? 0 : i % 20 < 19 ? 1 : 2,
        ),
        dict: ['Shopify Payments', 'PayPal Express Checkout', 'manual'],
      },
      // Like an export: one refund per order, no refunds of their own.
      refunds: strCol(new Int32Array(nOrders), ['']),
    },
  };

  // Per-SKU string columns share the SKU index as code where the value is unique per SKU.
  const skuDict = products.map((p) => p.sku);
  const byField = (field: (p: Product) => string) => {
    const d = new Dict();
    const map = Int32Array.from(products, (p) => d.code(field(p)));
    const codes = new Int32Array(nLines);
    for (let x = 0; x < nLines; x++) codes[x] = map[l.sku[x]!]!;
    return strCol(codes, d.values);
  };
  const lines: LinesTable = {
    length: nLines,
    columns: {
      orderId: strCol(l.orderId, orderIds),
      createdAt: l.createdAt,
      sku: strCol(l.sku, skuDict),
      productId: byField((p) => p.productId),
      variantId: byField((p) => p.variantId),
      title: byField((p) => (p.variantTitle ? `${p.title} - ${p.variantTitle}` : p.title)),
      productType: byField((p) => p.productType),
      vendor: byField((p) => p.vendor),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      refundedQuantity: l.refundedQuantity,
      giftCard: new Int32Array(nLines),
      currency: strCol(l.currency, dicts.currency.values),
    },
  };

  const traffic = makeTraffic(rng, firstDay, days, perDay, chDayOrders, nOrders);
  const spend = makeSpend(rng, firstDay, days, campaignRevenue);
  const settings: Settings = {
    timezone,
    currency: 'USD',
    fxRates,
    refundDating: 'refund',
    keepEmails: false,
    salt: `demo-${seed}`,
    locale: 'en-US',
    demo: true,
    updatedAt: endMs,
  };
  const competitive = makeCompetitors(rng, products, endMs);
  return {
    orders,
    lines,
    traffic,
    spend,
    products,
    experiments: makeExperiments(rng, lastDay, nOrders / days),
    targets: makeTargets(rng, orders, firstDay, days, perDay, cal.start),
    settings,
    snapshots: competitive.snapshots,
    trackedProducts: competitive.tracked,
    summary: {
      seed,
      orders: nOrders,
      lines: nLines,
      customers,
      firstDay: isoOf(firstDay),
      lastDay: isoOf(lastDay),
      timezone,
    },
  };
}

/** Daily funnel per channel; purchases equal the channel's orders that day. */
function makeTraffic(
  rng: Rng,
  firstDay: number,
  days: number,
  perDay: Int32Array,
  chDayOrders: Int32Array,
  nOrders: number,
): TrafficTable {
  const n = days * channels.length;
  const date = new Int32Array(n);
  const channel = new Int32Array(n);
  const sessions = new Int32Array(n);
  const productViews = new Int32Array(n);
  const addToCarts = new Int32Array(n);
  const checkouts = new Int32Array(n);
  const purchases = new Int32Array(n);
  const dates: string[] = [];
  const avgPerDay = nOrders / days;
  for (let k = 0, r = 0; k < days; k++) {
    dates.push(isoOf(firstDay + k));
    for (let c = 0; c < channels.length; c++, r++) {
      const ch = channels[c]!;
      const bought = chDayOrders[k * channels.length + c]!;
      // Sessions follow the day's expected volume, so zero-order days still have visits.
      const expected = Math.max(bought, (perDay[k]! || avgPerDay * 0.2) * ch.share);
      const s = Math.max(bought, Math.round((expected / ch.cr) * (0.9 + 0.2 * rng.next())));
      const co = Math.min(s, Math.max(bought, Math.round(bought / rng.range(0.5, 0.62))));
      const atc = Math.min(s, Math.max(co, Math.round(co / rng.range(0.42, 0.5))));
      const pv = Math.min(s, Math.max(atc, Math.round(s * rng.range(0.55, 0.68))));
      date[r] = k;
      channel[r] = c;
      sessions[r] = s;
      productViews[r] = pv;
      addToCarts[r] = atc;
      checkouts[r] = co;
      purchases[r] = bought;
    }
  }
  return {
    length: n,
    columns: {
      date: strCol(date, dates),
      channel: strCol(
        channel,
        channels.map((c) => c.name),
      ),
      sessions,
      productViews,
      addToCarts,
      checkouts,
      purchases,
    },
  };
}

/** Daily ad spend per paid campaign, at a ROAS that differs by campaign (brand best). */
function makeSpend(
  rng: Rng,
  firstDay: number,
  days: number,
  revenue: Map<string, Float64Array>,
): SpendTable {
  const roas: Record<string, number> = {
    'brand-search': 9,
    'shopping-all': 4.2,
    'generic-search': 2.1,
    'prospecting-broad': 1.7,
    'retargeting-30d': 5.5,
  };
  const keys = [...revenue.keys()].sort();
  const n = keys.length * days;
  const date = new Int32Array(n);
  const channel = new Int32Array(n);
  const campaign = new Int32Array(n);
  const spend = new Float64Array(n);
  const impressions = new Int32Array(n);
  const clicks = new Int32Array(n);
  const dates: string[] = [];
  for (let k = 0; k < days; k++) dates.push(isoOf(firstDay + k));
  const chDict = new Dict();
  const cpDict = new Dict();
  let r = 0;
  for (let k = 0; k < days; k++) {
    for (const key of keys) {
      const [platform, camp] = key.split('|') as [string, string];
      const rev = revenue.get(key)![k]!;
      // Spend is planned per day, not per order: smooth it over a week of revenue.
      let week = 0;
      for (let b = Math.max(0, k - 6); b <= k; b++) week += revenue.get(key)![b]!;
      const base = week / Math.min(7, k + 1);
      const s = Math.round(((0.6 * base + 0.4 * rev) / (roas[camp] ?? 3)) * rng.range(0.85, 1.15));
      const cpm = platform === 'Google Ads' ? rng.range(900, 1400) : rng.range(600, 1100);
      const imp = Math.round((s / cpm) * 1000);
      date[r] = k;
      channel[r] = chDict.code(platform);
      campaign[r] = cpDict.code(camp);
      spend[r] = s;
      impressions[r] = imp;
      clicks[r] = Math.round(
        imp * (platform === 'Google Ads' ? rng.range(0.03, 0.06) : rng.range(0.008, 0.015)),
      );
      r++;
    }
  }
  return {
    length: n,
    columns: {
      date: strCol(date, dates),
      channel: strCol(channel, chDict.values),
      campaign: strCol(campaign, cpDict.values),
      currency: strCol(new Int32Array(n), ['USD']),
      spend,
      impressions,
      clicks,
    },
  };
}

/** Three A/B tests: a clear winner, no difference, and one with a sample-ratio mismatch. */
function makeExperiments(rng: Rng, lastDay: number, ordersPerDay: number): Experiment[] {
  const scale = Math.max(1, ordersPerDay / 18);
  const variant = (name: string, visitors: number, cr: number, aov: number) => {
    const conversions = rng.binomial(visitors, cr);
    const revenue = Math.round(conversions * aov * rng.range(0.97, 1.03));
    // Σ(revenue per visitor)²: converters' order values vary around the mean (sd ≈ 0.6 × mean).
    const sumSquares = Math.round(conversions * aov * aov * (1 + 0.36));
    return { name, visitors, conversions, revenue, revenueSumSquares: sumSquares };
  };
  const n = (x: number) => Math.round(x * scale);
  return [
    {
      id: 'exp-checkout-button',
      name: 'Checkout button: "Buy now" vs "Proceed to checkout"',
      startDate: isoOf(lastDay - 150),
      endDate: isoOf(lastDay - 122),
      plannedSplit: [1, 1],
      plannedVisitorsPerVariant: n(23_500),
      metric: 'conversion',
      currency: 'USD',
      variants: [
        variant('Control', n(24_110), 0.028, 8900),
        variant('Buy now', n(23_950), 0.0335, 8800),
      ],
      updatedAt: (lastDay - 122) * DAY_MS,
    },
    {
      id: 'exp-free-shipping-banner',
      name: 'Free-shipping banner on product pages',
      // Sized to detect a 10% lift at a 2.9% rate (~53k visitors per variant, with margin), and it ran that long.
      startDate: isoOf(lastDay - 110),
      endDate: isoOf(lastDay - 60),
      plannedSplit: [1, 1],
      plannedVisitorsPerVariant: n(68_000),
      metric: 'conversion',
      currency: 'USD',
      variants: [
        variant('Control', n(68_640), 0.029, 9100),
        variant('Banner', n(68_410), 0.029, 9100),
      ],
      updatedAt: (lastDay - 60) * DAY_MS,
    },
    {
      id: 'exp-pdp-layout',
      name: 'New product page layout',
      startDate: isoOf(lastDay - 40),
      endDate: null,
      plannedSplit: [1, 1],
      plannedVisitorsPerVariant: n(16_000),
      metric: 'revenue',
      currency: 'USD',
      // A redirect bug drops part of the treatment's traffic: visitors split 52/48, not 50/50.
      variants: [
        variant('Control', n(15_600), 0.03, 9000),
        variant('New layout', n(14_400), 0.031, 9300),
      ],
      updatedAt: lastDay * DAY_MS,
    },
  ];
}

/** Monthly targets for the last 12 months and the next 2: last year's month plus growth. */
function makeTargets(
  rng: Rng,
  orders: OrdersTable,
  firstDay: number,
  days: number,
  perDay: Int32Array,
  dayStart: Float64Array,
): Target[] {
  const monthOrders = new Map<string, number>();
  const monthSales = new Map<string, number>();
  const { createdAt, total, currency } = orders.columns;
  let i = 0;
  for (let k = 0; k < days; k++) {
    const month = isoOf(firstDay + k).slice(0, 7);
    monthOrders.set(month, (monthOrders.get(month) ?? 0) + perDay[k]!);
    let sales = 0;
    const end = k + 1 < days ? dayStart[k + 1]! : Infinity;
    for (; i < orders.length && createdAt[i]! < end; i++) {
      sales += currency.dict[currency.codes[i]!] === 'USD' ? total[i]! : total[i]! * 1.09;
    }
    monthSales.set(month, (monthSales.get(month) ?? 0) + sales);
  }
  const last = isoOf(firstDay + days - 1).slice(0, 7);
  const shift = (month: string, by: number) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 + by, 1));
    return d.toISOString().slice(0, 7);
  };
  const targets: Target[] = [];
  for (let by = -11; by <= 2; by++) {
    const month = shift(last, by);
    const ref = shift(month, -12);
    const growth = rng.range(1.15, 1.35);
    const sales = monthSales.get(ref);
    const count = monthOrders.get(ref);
    if (sales === undefined || count === undefined) continue;
    const updatedAt = (firstDay + days - 1) * DAY_MS;
    targets.push({
      id: `target-netSales-${month}`,
      metric: 'netSales',
      month,
      value: Math.round((sales * 0.93 * growth) / 100) * 100,
      updatedAt,
    });
    targets.push({
      id: `target-orders-${month}`,
      metric: 'orders',
      month,
      value: Math.round(count * growth),
      updatedAt,
    });
  }
  return targets;
}

/** A few competitor products matched to own SKUs, with six months of daily price checks. */
function makeCompetitors(
  rng: Rng,
  products: Product[],
  endMs: number,
): { tracked: TrackedProduct[]; snapshots: SnapshotsTable } {
  const shops = [
    { domain: 'www.trailsupply.example', platform: 'shopify' },
    { domain: 'peakoutfitters.example', platform: 'woocommerce' },
    { domain: 'shop.basecampgear.example', platform: 'shopify' },
  ];
  const picks = [0, 7, 19, 33, 50].map((x) => products[x % products.length]!);
  const tracked: TrackedProduct[] = picks.map((p, x) => {
    const shop = shops[x % shops.length]!;
    return {
      id: `tp-${x + 1}`,
      url: `https://${shop.domain}/products/${p.handle}`,
      domain: shop.domain,
      platform: shop.platform,
      name: `${p.title}${p.variantTitle ? ` ${p.variantTitle}` : ''}`,
      brand: p.vendor,
      sku: '',
      gtin: p.barcode,
      mpn: '',
      image: '',
      variantId: '',
      paused: false,
      createdAt: endMs - 181 * DAY_MS,
      updatedAt: endMs,
      deleted: false,
    };
  });
  const checks = 180;
  const n = tracked.length * checks;
  const productId = new Int32Array(n);
  const at = new Float64Array(n);
  const price = new Float64Array(n);
  const wasPrice = new Float64Array(n).fill(NaN);
  const availability = new Int32Array(n);
  const error = new Int32Array(n);
  const availDict = ['InStock', 'OutOfStock', 'Unknown'];
  const errDict = ['', 'HTTP 503 from the shop; the check will retry'];
  let r = 0;
  tracked.forEach((tp, x) => {
    let p = Math.round(picks[x]!.price * rng.range(0.9, 1.1));
    const outFrom = x === 1 ? checks - 40 : -1;
    for (let c = 0; c < checks; c++, r++) {
      productId[r] = x;
      at[r] = endMs - (checks - c) * DAY_MS + 9 * 3_600_000;
      if (rng.chance(0.03)) p = Math.round(p * rng.range(0.9, 1.08));
      const sale = c % 60 >= 50; // a 10-day sale every two months
      price[r] = sale ? Math.round(p * 0.8) : p;
      if (sale) wasPrice[r] = p;
      availability[r] = outFrom >= 0 && c >= outFrom && c < outFrom + 12 ? 1 : 0;
      if (x === 2 && c === 100) {
        price[r] = NaN;
        wasPrice[r] = NaN;
        availability[r] = 2;
        error[r] = 1;
      }
    }
  });
  return {
    tracked,
    snapshots: {
      length: n,
      columns: {
        productId: strCol(
          productId,
          tracked.map((t) => t.id),
        ),
        at,
        price,
        wasPrice,
        currency: strCol(new Int32Array(n), ['USD']),
        availability: strCol(availability, availDict),
        error: strCol(error, errDict),
      },
    },
  };
}
