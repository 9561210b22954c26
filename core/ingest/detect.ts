export const FORMAT_IDS = [
  'shopify-orders',
  'shopify-products',
  'shopify-inventory',
  'woocommerce-products',
  'woocommerce-orders',
  'ga4-traffic',
  'ad-spend',
  'generic',
  'storelens-bundle',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** A header cell compared loosely: trimmed, lower case, single spaces, no BOM. */
export function normHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

interface Signature {
  format: FormatId;
  /** Columns the platform always writes (all must be present). */
  required: (string | RegExp)[];
  /** Columns that make the match surer. */
  typical: (string | RegExp)[];
}

// Header names exactly as the platforms write them (compared after normHeader).
const SIGNATURES: Signature[] = [
  {
    format: 'shopify-orders',
    required: ['name', 'created at', 'lineitem quantity', 'lineitem price'],
    typical: [
      'email',
      'financial status',
      'paid at',
      'fulfillment status',
      'currency',
      'subtotal',
      'shipping',
      'taxes',
      'total',
      'discount code',
      'discount amount',
      'lineitem name',
      'lineitem sku',
      'refunded amount',
      'cancelled at',
      'id',
      'source',
    ],
  },
  {
    format: 'shopify-products',
    required: ['handle', 'title', 'variant price'],
    typical: [
      'body (html)',
      'vendor',
      'type',
      'tags',
      'published',
      'option1 name',
      'option1 value',
      'variant sku',
      'variant inventory qty',
      'variant compare at price',
      'variant barcode',
      'cost per item',
      'status',
    ],
  },
  {
    format: 'shopify-inventory',
    required: ['handle', 'title', 'sku'],
    typical: [
      'option1 name',
      'option1 value',
      'hs code',
      'coo',
      'location',
      'available',
      'on hand',
      'available (not editable)',
      'on hand (current)',
      'on hand (new)',
      'incoming (not editable)',
      'committed (not editable)',
    ],
  },
  {
    format: 'woocommerce-products',
    required: ['id', 'type', 'sku', 'name', 'regular price'],
    typical: [
      'published',
      'is featured?',
      'visibility in catalog',
      'short description',
      'description',
      'sale price',
      'in stock?',
      'stock',
      'parent',
      'categories',
      'tags',
      'images',
      'tax status',
      'weight (kg)',
    ],
  },
  {
    format: 'woocommerce-orders',
    required: ['date', 'order #', 'status', /^net sales$/],
    typical: [
      'customer',
      'customer type',
      'product(s)',
      'items sold',
      'coupon(s)',
      'origin',
      'attribution',
    ],
  },
  {
    format: 'ga4-traffic',
    required: [/^sessions$/, /^(date|day|date \+ hour \(yyyymmddhh\))$/],
    typical: [
      /channel group/,
      /session source/,
      'engaged sessions',
      'engagement rate',
      'views',
      'items viewed',
      'add to carts',
      'items added to cart',
      'checkouts',
      'items checked out',
      'ecommerce purchases',
      'purchases',
      'transactions',
      'total users',
    ],
  },
  {
    format: 'ad-spend',
    required: [
      /^(day|date|reporting starts)$/,
      /^(campaign|campaign name)$/,
      /^(cost|amount spent( \([a-z]{3}\))?|spend)$/,
    ],
    typical: [
      'impr.',
      'impressions',
      'clicks',
      'link clicks',
      'clicks (all)',
      'currency code',
      'currency',
      'campaign type',
      'reporting ends',
      'reach',
      'ctr',
      'avg. cpc',
      'conversions',
      'results',
    ],
  },
];

function has(set: Set<string>, want: string | RegExp): boolean {
  if (typeof want === 'string') return set.has(want);
  for (const h of set) if (want.test(h)) return true;
  return false;
}

/**
 * Which export a header row belongs to. Confidence is 0..1: 1 when every required and typical
 * column is there; a format counts only when all its required columns are present. Falls back to
 * `generic` with confidence 0.
 */
export function detectFormat(header: readonly string[]): { format: FormatId; confidence: number } {
  const set = new Set(header.map(normHeader));
  let best: { format: FormatId; confidence: number } = { format: 'generic', confidence: 0 };
  for (const sig of SIGNATURES) {
    if (!sig.required.every((r) => has(set, r))) continue;
    const typical = sig.typical.filter((t) => has(set, t)).length;
    // Required columns alone give 0.5; typical ones add the rest. Products beat inventory when
    // both match because a product export also has Handle/Title/SKU-like columns.
    const confidence = 0.5 + (0.5 * typical) / Math.max(1, sig.typical.length);
    if (confidence > best.confidence) best = { format: sig.format, confidence };
  }
  return best;
}
