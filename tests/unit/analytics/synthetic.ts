// A deterministic synthetic store in core/schema's columnar layout, big enough to exercise the
// indexes (and reusable by benchmarks): orders with 1–5 lines, repeat customers and guests, three
// currencies (one with gaps in its FX rates), discounts, partial refunds, cancellations, channels
// with UTM sources, traffic and ad spend. Built straight into typed arrays, not row objects.
import type { ColumnTable, StrColumn } from '../../../core/schema/columns.ts';
import type {
  lineColumns,
  orderColumns,
  spendColumns,
  trafficColumns,
} from '../../../core/schema/columns.ts';
import type {
  DatasetInput,
  LinesColumns,
  OrdersColumns,
  ProductLike,
  Table,
} from '../../../core/analytics/index.ts';

/** A store as read from storage: its order columns all dense. */
export type StoreInput = DatasetInput & {
  orders: Table<OrdersColumns>;
  lines: Table<LinesColumns>;
};

/** mulberry32: a tiny seeded PRNG so every run builds the same store. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const str = (dict: string[], codes: Int32Array): StrColumn => ({ codes, dict });

export interface SyntheticOptions {
  orders: number;
  seed?: number;
  days?: number;
  skus?: number;
  timezone?: string;
  /** First day, UTC ms (default 2023-01-01). */
  start?: number;
}

export function syntheticStore(opts: SyntheticOptions): StoreInput {
  const rnd = prng(opts.seed ?? 42);
  const N = opts.orders;
  const days = opts.days ?? 730;
  const nSku = opts.skus ?? 500;
  const start = opts.start ?? Date.UTC(2023, 0, 1);
  const DAY = 86_400_000;
  const types = ['Mugs', 'Teapots', 'Plates', 'Bowls', 'Linen', 'Candles', 'Prints', 'Gift cards'];
  const vendors = Array.from({ length: 20 }, (_, k) => `Vendor ${k + 1}`);
  const products: ProductLike[] = Array.from({ length: nSku }, (_, k) => {
    const price = 500 + Math.floor(rnd() * 95) * 100;
    return {
      sku: `SKU-${String(k).padStart(4, '0')}`,
      title: `Product ${k}`,
      vendor: vendors[k % vendors.length]!,
      productType: types[k % types.length]!,
      currency: 'USD',
      price,
      cost: k % 10 === 9 ? null : Math.round(price * 0.4),
      onHand: Math.floor(rnd() * 200),
      onOrder: k % 7 === 0 ? 50 : 0,
      leadTimeDays: 5 + (k % 20),
      leadTimeSdDays: k % 3 === 0 ? 2 : null,
      moq: k % 5 === 0 ? 24 : null,
    };
  });
  const channels = ['Direct', 'Paid search', 'Paid social', 'Email', 'Organic search', 'Referral'];
  const sources = ['', 'google', 'facebook', 'klaviyo', '', 'blog'];
  const mediums = ['', 'cpc', 'paid', 'email', 'organic', 'referral'];
  const campaigns = ['', 'Brand', 'Spring sale', 'Retargeting'];
  const countries = ['US', 'CA', 'GB', 'DE', 'AU'];
  const currencies = ['USD', 'EUR', 'GBP'];
  const nCust = Math.max(1, Math.floor(N * 0.4));

  const createdAt = new Float64Array(N);
  for (let i = 0; i < N; i++) createdAt[i] = start + Math.floor(rnd() * days * DAY);
  createdAt.sort(); // ids in time order, as exports usually are
  const custCodes = new Int32Array(N);
  const curCodes = new Int32Array(N);
  const chCodes = new Int32Array(N);
  const coCodes = new Int32Array(N);
  const campCodes = new Int32Array(N);
  const discCodes = new Int32Array(N);
  const discounts = new Float64Array(N);
  const shipping = new Float64Array(N);
  const taxes = new Float64Array(N);
  const total = new Float64Array(N);
  const subtotal = new Float64Array(N);
  const refunded = new Float64Array(N);
  const refundedAt = new Float64Array(N).fill(NaN);
  const cancelledAt = new Float64Array(N).fill(NaN);
  const empty = new Int32Array(N);

  // Lines: 1–5 per order.
  const perOrder = new Int32Array(N);
  let nLines = 0;
  for (let i = 0; i < N; i++) {
    perOrder[i] = 1 + Math.floor(rnd() * rnd() * 5.999);
    nLines += perOrder[i]!;
  }
  const lOrder = new Int32Array(nLines);
  const lCreated = new Float64Array(nLines);
  const lSku = new Int32Array(nLines);
  const lQty = new Int32Array(nLines);
  const lPrice = new Float64Array(nLines);
  const lDisc = new Float64Array(nLines);
  const lRefQty = new Int32Array(nLines);
  const lCur = new Int32Array(nLines);
  let j = 0;
  for (let i = 0; i < N; i++) {
    custCodes[i] = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * rnd() * nCust);
    const c = rnd();
    curCodes[i] = c < 0.9 ? 0 : c < 0.97 ? 1 : 2;
    chCodes[i] = Math.floor(rnd() * channels.length);
    coCodes[i] = Math.floor(rnd() * countries.length);
    campCodes[i] = chCodes[i]! === 1 || chCodes[i]! === 2 ? 1 + Math.floor(rnd() * 3) : 0;
    const hasCode = rnd() < 0.15;
    discCodes[i] = hasCode ? 1 + Math.floor(rnd() * 3) : 0;
    let gross = 0;
    let disc = 0;
    const first = j;
    for (let k = 0; k < perOrder[i]!; k++, j++) {
      const s = Math.floor(rnd() * rnd() * nSku);
      const q = 1 + Math.floor(rnd() * rnd() * 4);
      const price = products[s]!.price;
      const d = hasCode ? Math.round(q * price * 0.1) : 0;
      lOrder[j] = i;
      lCreated[j] = createdAt[i]!;
      lSku[j] = s;
      lQty[j] = q;
      lPrice[j] = price;
      lDisc[j] = d;
      lCur[j] = curCodes[i]!;
      gross += q * price;
      disc += d;
    }
    discounts[i] = disc;
    shipping[i] = gross - disc >= 5000 ? 0 : 500;
    taxes[i] = Math.round((gross - disc) * 0.08);
    subtotal[i] = gross - disc;
    total[i] = gross - disc + shipping[i]! + taxes[i]!;
    const r = rnd();
    if (r < 0.02) {
      cancelledAt[i] = createdAt[i]! + Math.floor(rnd() * 2 * DAY);
      refunded[i] = total[i]!;
      refundedAt[i] = cancelledAt[i]!;
    } else if (r < 0.07) {
      lRefQty[first] = 1;
      refunded[i] = lPrice[first]! - lDisc[first]! / lQty[first]!;
      refundedAt[i] = createdAt[i]! + Math.floor((3 + rnd() * 17) * DAY);
    }
  }

  const ids = Array.from({ length: N }, (_, i) => `#${1001 + i}`);
  const idCodes = Int32Array.from({ length: N }, (_, i) => i);
  const custDict = ['', ...Array.from({ length: nCust }, (_, k) => `cust-${k}`)];
  const orders: ColumnTable<typeof orderColumns> = {
    length: N,
    columns: {
      id: str(ids, idCodes),
      number: str(ids, idCodes),
      createdAt,
      customerKey: str(custDict, custCodes),
      currency: str(currencies, curCodes),
      subtotal,
      discounts,
      shipping,
      taxes,
      total,
      refunded,
      refundedAt,
      refundedShipping: new Float64Array(N).fill(NaN),
      refundedTaxes: new Float64Array(N).fill(NaN),
      kind: str(['order'], new Int32Array(N)),
      financialStatus: str([''], empty),
      fulfillmentStatus: str([''], empty),
      cancelledAt,
      channel: str(channels, chCodes),
      utmSource: str(sources, chCodes),
      utmMedium: str(mediums, chCodes),
      utmCampaign: str(campaigns, campCodes),
      referrer: str([''], empty),
      landingPage: str([''], empty),
      gateway: str([''], empty),
      refunds: str([''], empty),
      discountCode: str(['', 'WELCOME10', 'SPRING', 'VIP'], discCodes),
      country: str(countries, coCodes),
    },
  };
  const skuDict = products.map((p) => p.sku);
  const lines: ColumnTable<typeof lineColumns> = {
    length: nLines,
    columns: {
      orderId: str(ids, lOrder),
      createdAt: lCreated,
      sku: str(skuDict, lSku),
      productId: str([''], new Int32Array(nLines)),
      variantId: str([''], new Int32Array(nLines)),
      title: str(
        products.map((p) => p.title),
        lSku,
      ),
      productType: str(
        types,
        Int32Array.from(lSku, (s) => s % types.length),
      ),
      vendor: str(
        vendors,
        Int32Array.from(lSku, (s) => s % vendors.length),
      ),
      quantity: lQty,
      unitPrice: lPrice,
      discount: lDisc,
      refundedQuantity: lRefQty,
      giftCard: new Int32Array(nLines),
      currency: str(currencies, lCur),
    },
  };
  // Traffic and spend per day and channel.
  const dates = Array.from({ length: days }, (_, d) =>
    new Date(start + d * DAY).toISOString().slice(0, 10),
  );
  const tRows = days * channels.length;
  const tDate = new Int32Array(tRows);
  const tCh = new Int32Array(tRows);
  const cols = [
    new Int32Array(tRows),
    new Int32Array(tRows),
    new Int32Array(tRows),
    new Int32Array(tRows),
    new Int32Array(tRows),
  ];
  for (let r = 0; r < tRows; r++) {
    tDate[r] = Math.floor(r / channels.length);
    tCh[r] = r % channels.length;
    let v = 200 + Math.floor(rnd() * 800);
    for (let k = 0; k < 5; k++) {
      cols[k]![r] = v;
      v = Math.floor(v * (k === 0 ? 0.6 : k === 1 ? 0.15 : 0.5));
    }
  }
  const traffic: ColumnTable<typeof trafficColumns> = {
    length: tRows,
    columns: {
      date: str(dates, tDate),
      channel: str(channels, tCh),
      sessions: cols[0]!,
      productViews: cols[1]!,
      addToCarts: cols[2]!,
      checkouts: cols[3]!,
      purchases: cols[4]!,
    },
  };
  const adChannels = ['Google Ads', 'Facebook Ads'];
  const sRows = days * 2;
  const spend: ColumnTable<typeof spendColumns> = {
    length: sRows,
    columns: {
      date: str(
        dates,
        Int32Array.from({ length: sRows }, (_, r) => r >> 1),
      ),
      channel: str(
        adChannels,
        Int32Array.from({ length: sRows }, (_, r) => r & 1),
      ),
      campaign: str(
        campaigns,
        Int32Array.from({ length: sRows }, (_, r) => 1 + (r % 3)),
      ),
      currency: str(['USD'], new Int32Array(sRows)),
      spend: Float64Array.from({ length: sRows }, () => 5000 + Math.floor(rnd() * 20000)),
      impressions: new Int32Array(sRows).fill(1000),
      clicks: new Int32Array(sRows).fill(40),
    },
  };
  // EUR every month; GBP only in odd months, so some GBP orders stay unconverted.
  const fxRates: DatasetInput['settings']['fxRates'] = [];
  for (let m = 0; m < Math.ceil(days / 28) + 2; m++) {
    const d = new Date(
      Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + m, 1),
    );
    const month = d.toISOString().slice(0, 7);
    fxRates.push({ month, from: 'EUR', rate: 1.05 + (m % 5) * 0.01 });
    if (m % 2 === 1) fxRates.push({ month, from: 'GBP', rate: 1.25 });
  }
  return {
    orders,
    lines,
    traffic,
    spend,
    products,
    settings: {
      timezone: opts.timezone ?? 'America/Los_Angeles',
      currency: 'USD',
      fxRates,
      refundDating: 'refund',
    },
    now: start + days * DAY - 1,
  };
}
