/**
 * The PWA's competitor views, from what the extension captured and synced: tracked products with
 * their price history next to the matched own product, and SEO audits. Reads IndexedDB on demand
 * (the competitive tables are small next to the store's orders) and answers in plain objects and
 * typed arrays.
 */
import type { Audit, Match, Product, TrackedProduct } from '../schema/index.ts';
import { readTable, type StoreDb } from '../db/store.ts';

export interface PricePoint {
  /** UTC seconds of each check. */
  at: Float64Array;
  /** Price in minor units; NaN where the check failed. */
  price: Float64Array;
  /** Was-price (strikethrough) in minor units; NaN when none. */
  wasPrice: Float64Array;
  /** 1 in stock, 0 out of stock, NaN unknown/failed. */
  inStock: Float64Array;
}

export interface CompetitorRow {
  id: string;
  name: string;
  brand: string;
  url: string;
  domain: string;
  platform: string;
  gtin: string;
  paused: boolean;
  currency: string | null;
  lastPrice: number | null;
  lastWasPrice: number | null;
  lastAvailability: string;
  lastCheck: number | null;
  lastError: string | null;
  failedChecks: number;
  /** Relative price change over 7 and 30 days (null when no price then). */
  change7: number | null;
  change30: number | null;
  own: {
    sku: string;
    title: string;
    price: number;
    currency: string;
    onHand: number | null;
    method: Match['method'];
    status: Match['status'];
    score: number;
    /** (their price − own price) ÷ own price, only when both are in the same currency. */
    diff: number | null;
  } | null;
  history: PricePoint;
}

export interface CompetitorsView {
  rows: CompetitorRow[];
  domains: string[];
  /** Latest check time over all products (UTC ms). */
  dataAsOf: number | null;
}

function digits(gtin: string): string {
  return gtin.replace(/\D/g, '').replace(/^0+/, '');
}

function priceAt(h: PricePoint, sinceSec: number): number | null {
  // The last successful price at or before `sinceSec`.
  let best: number | null = null;
  for (let i = 0; i < h.at.length; i++) {
    if (h.at[i]! > sinceSec) break;
    if (!Number.isNaN(h.price[i]!)) best = h.price[i]!;
  }
  return best;
}

/** Builds the competitors view from the stored tracked products, snapshots, matches and catalog. */
export async function competitorsView(db: StoreDb): Promise<CompetitorsView> {
  const [tracked, matches, products, snaps] = await Promise.all([
    db.getAll('trackedProducts') as Promise<TrackedProduct[]>,
    db.getAll('matches') as Promise<Match[]>,
    db.getAll('products') as Promise<Product[]>,
    readTable(db, 'snapshots'),
  ]);
  const live = tracked.filter((t) => !t.deleted);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byGtin = new Map(products.filter((p) => p.barcode).map((p) => [digits(p.barcode), p]));
  const matchOf = new Map<string, Match>();
  for (const m of matches)
    if (!m.deleted && m.status !== 'rejected') matchOf.set(m.trackedProductId, m);

  // Group snapshot rows by product with one pass over the columns.
  const c = snaps.columns;
  const idx = new Map<string, number[]>();
  for (let i = 0; i < snaps.length; i++) {
    const id = c.productId.dict[c.productId.codes[i]!]!;
    let list = idx.get(id);
    if (!list) idx.set(id, (list = []));
    list.push(i);
  }
  let dataAsOf: number | null = null;
  const rows: CompetitorRow[] = live.map((t) => {
    const rowsOf = (idx.get(t.id) ?? []).sort((a, b) => c.at[a]! - c.at[b]!);
    const n = rowsOf.length;
    const h: PricePoint = {
      at: new Float64Array(n),
      price: new Float64Array(n),
      wasPrice: new Float64Array(n),
      inStock: new Float64Array(n),
    };
    let currency: string | null = null;
    let lastAvailability = 'Unknown';
    let lastError: string | null = null;
    let failed = 0;
    rowsOf.forEach((r, k) => {
      h.at[k] = c.at[r]! / 1000;
      h.price[k] = c.price[r]!;
      h.wasPrice[k] = c.wasPrice[r]!;
      const avail = c.availability.dict[c.availability.codes[r]!] ?? 'Unknown';
      const err = c.error.dict[c.error.codes[r]!] ?? '';
      h.inStock[k] =
        err || avail === 'Unknown'
          ? NaN
          : avail === 'InStock' || avail === 'LimitedAvailability'
            ? 1
            : 0;
      if (err) failed++;
      const cur = c.currency.dict[c.currency.codes[r]!];
      if (cur) currency = cur;
      lastAvailability = err ? lastAvailability : avail;
      lastError = err || null;
    });
    const lastAt = n ? c.at[rowsOf[n - 1]!]! : null;
    if (lastAt != null && (dataAsOf == null || lastAt > dataAsOf)) dataAsOf = lastAt;
    const lastPrice = n ? priceAt(h, Infinity) : null;
    const lastOk = [...rowsOf].reverse().find((r) => !Number.isNaN(c.price[r]!));
    const nowSec = lastAt != null ? lastAt / 1000 : 0;
    const change = (days: number) => {
      const then = priceAt(h, nowSec - days * 86_400);
      return then && lastPrice != null ? (lastPrice - then) / then : null;
    };
    const m = matchOf.get(t.id);
    const auto = !m && t.gtin ? byGtin.get(digits(t.gtin)) : undefined;
    const ownP = m ? bySku.get(m.sku) : auto;
    const own = ownP
      ? {
          sku: ownP.sku,
          title: ownP.variantTitle ? `${ownP.title} – ${ownP.variantTitle}` : ownP.title,
          price: ownP.price,
          currency: ownP.currency,
          onHand: ownP.onHand,
          method: m?.method ?? ('gtin' as const),
          status: m?.status ?? ('auto' as const),
          score: m?.score ?? 1,
          diff:
            lastPrice != null && currency === ownP.currency
              ? (lastPrice - ownP.price) / ownP.price
              : null,
        }
      : null;
    return {
      id: t.id,
      name: t.name,
      brand: t.brand,
      url: t.url,
      domain: t.domain,
      platform: t.platform,
      gtin: t.gtin,
      paused: t.paused,
      currency,
      lastPrice,
      lastWasPrice:
        lastOk != null && !Number.isNaN(c.wasPrice[lastOk]!) ? c.wasPrice[lastOk]! : null,
      lastAvailability,
      lastCheck: lastAt,
      lastError,
      failedChecks: failed,
      change7: change(7),
      change30: change(30),
      own,
      history: h,
    };
  });
  return { rows, domains: [...new Set(live.map((t) => t.domain))].sort(), dataAsOf };
}

/** SEO audits captured by the extension, newest first (tombstones hidden). */
export async function auditsView(db: StoreDb): Promise<Audit[]> {
  const all = (await db.getAll('audits')) as Audit[];
  return all.filter((a) => !a.deleted).sort((a, b) => b.at - a.at);
}
