// A deterministic price history for benchmarks and demos: `products` tracked products with one
// snapshot a day, prices that drift and jump, stock-outs and the odd failed check.
import type { SnapshotsTable } from '../schema/columns.ts';

/** Daily snapshots of `products` products over `days` days ending at `end` (UTC ms), columnar. */
export function demoSnapshotHistory(opts: {
  products: number;
  days: number;
  end: number;
  seed?: number;
}): {
  table: SnapshotsTable;
  productIds: string[];
} {
  const { products, days, end } = opts;
  let s = (opts.seed ?? 7) >>> 0;
  const rand = () => {
    // mulberry32: small, fast and repeatable.
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = products * days;
  const productIds = Array.from({ length: products }, (_, i) => `tp-demo-${i}`);
  const codes = new Int32Array(n);
  const at = new Float64Array(n);
  const price = new Float64Array(n);
  const wasPrice = new Float64Array(n).fill(NaN);
  const avail = new Int32Array(n);
  const error = new Int32Array(n);
  const start = end - (days - 1) * 86_400_000;
  const base = Array.from({ length: products }, () => Math.round(1000 + rand() * 20000));
  const out = new Uint8Array(products);
  // Day-major order, as a daily re-check appends it.
  for (let d = 0, i = 0; d < days; d++) {
    for (let p = 0; p < products; p++, i++) {
      codes[i] = p;
      at[i] = start + d * 86_400_000 + p * 1000;
      if (rand() < 0.01) base[p] = Math.round(base[p]! * (0.8 + rand() * 0.4));
      if (rand() < 0.005) out[p] = out[p] ? 0 : 1;
      if (rand() < 0.003) {
        price[i] = NaN;
        error[i] = 1;
        avail[i] = 2;
        continue;
      }
      const onSale = rand() < 0.1;
      price[i] = onSale ? Math.round(base[p]! * 0.85) : base[p]!;
      if (onSale) wasPrice[i] = base[p]!;
      avail[i] = out[p]!;
    }
  }
  return {
    productIds,
    table: {
      length: n,
      columns: {
        productId: { codes, dict: productIds },
        at,
        price,
        wasPrice,
        currency: { codes: new Int32Array(n), dict: ['USD'] },
        availability: { codes: avail, dict: ['InStock', 'OutOfStock', 'Unknown'] },
        error: {
          codes: error,
          dict: ['', 'HTTP 503: shop.example had a server error. Storelens retries later.'],
        },
      },
    },
  };
}
