// CSV exports of tracked products and their full price history (RFC 4180, CRLF), with formula
// cells neutralised: product names come from other people's pages.
import { toCsv } from '../export/csv.ts';
import type { SnapshotsTable } from '../schema/columns.ts';
import { indexHistory, summarizeHistory } from './history.ts';
import { toMajorUnits } from './money.ts';

/** The fields of a tracked product the exports need (structurally a TrackedProduct). */
export interface ExportProduct {
  id: string;
  url: string;
  domain: string;
  name: string;
  brand: string;
  sku: string;
  gtin: string;
  mpn: string;
  variantId: string;
  paused: boolean;
  createdAt: number;
}

const iso = (ms: number | null) =>
  ms == null || Number.isNaN(ms) ? '' : new Date(ms).toISOString();
const money = (minor: number | null, currency: string | null) =>
  minor == null || Number.isNaN(minor) || !currency ? '' : toMajorUnits(minor, currency);
const round1 = (v: number | null) => (v == null ? '' : Math.round(v * 10) / 10);

/** One row per tracked product with its latest price, 7/30-day change, stock and last check. */
export function trackedProductsCsv(
  products: readonly ExportProduct[],
  snapshots: SnapshotsTable,
  now: number,
): string {
  const index = indexHistory(snapshots);
  const rows = products.map((p) => {
    const s = summarizeHistory(index, p.id, now);
    return [
      p.id,
      p.name,
      p.brand,
      p.sku,
      p.gtin,
      p.mpn,
      p.variantId,
      p.url,
      p.domain,
      money(s.lastPrice, s.currency),
      money(s.wasPrice, s.currency),
      s.currency ?? '',
      s.availability,
      round1(s.change7),
      round1(s.change30),
      iso(s.lastCheckAt),
      s.lastError ?? '',
      p.paused ? 'paused' : 'active',
      iso(p.createdAt),
    ];
  });
  return toCsv(
    [
      'id',
      'name',
      'brand',
      'sku',
      'gtin',
      'mpn',
      'variant_id',
      'url',
      'domain',
      'last_price',
      'was_price',
      'currency',
      'availability',
      'change_7d_pct',
      'change_30d_pct',
      'last_check',
      'last_error',
      'status',
      'tracked_since',
    ],
    rows,
  );
}

/** Every snapshot of the given products, oldest first per product; failed checks keep their reason. */
export function historyCsv(products: readonly ExportProduct[], snapshots: SnapshotsTable): string {
  const index = indexHistory(snapshots);
  const { at, price, wasPrice, currency, availability, error } = snapshots.columns;
  const rows: unknown[][] = [];
  for (const p of products) {
    const c = index.codeOf.get(p.id);
    if (c === undefined) continue;
    for (let k = index.start[c]!; k < index.start[c + 1]!; k++) {
      const r = index.rows[k]!;
      const cur = currency.dict[currency.codes[r]!] || null;
      rows.push([
        p.id,
        p.name,
        p.url,
        iso(at[r]!),
        money(price[r]!, cur),
        money(wasPrice[r]!, cur),
        cur ?? '',
        availability.dict[availability.codes[r]!] ?? '',
        error.dict[error.codes[r]!] ?? '',
      ]);
    }
  }
  return toCsv(
    [
      'product_id',
      'name',
      'url',
      'checked_at',
      'price',
      'was_price',
      'currency',
      'availability',
      'error',
    ],
    rows,
  );
}
