import type {
  Availability,
  ExtractedVariant,
  OfferMarkup,
  RejectedValue,
  ValueSource,
} from './types.ts';
import type { PageScan } from './scan.ts';
import { tagOf } from './scan.ts';

/** What one source says about one product, before sources are merged. */
export interface RawProduct {
  source: ValueSource;
  /** Platform product id, when the source has one. */
  id?: string;
  name?: string;
  brand?: string;
  description?: string;
  sku?: string;
  gtin?: string;
  mpn?: string;
  price?: number;
  wasPrice?: number;
  highPrice?: number;
  currency?: string;
  /** Symbol as shown when the currency could not be resolved (visible text only). */
  currencySymbol?: string;
  availability?: Availability;
  rating?: number;
  reviewCount?: number;
  image?: string;
  url?: string;
  variants: ExtractedVariant[];
  selectedVariantId?: string;
  markup?: OfferMarkup;
  /** Values read but refused because they are out of range (rating above bestRating, …). */
  rejected?: RejectedValue[];
}

export function emptyMarkup(): OfferMarkup {
  return {
    types: [],
    hasShippingDetails: false,
    hasReturnPolicy: false,
    availabilityRaw: [],
    currencies: [],
    prices: [],
    gtins: [],
    skus: [],
    images: [],
    names: [],
  };
}

export interface ScriptInfo {
  jsonLd: string[];
  /** `<script type="application/json">` bodies with the attributes that identify them. */
  json: { id: string; attrs: string; parentTag: string; text: string }[];
  /** Inline classic scripts, each capped. */
  inline: string[];
  magentoInit: string[];
  srcs: string[];
}

const MAX_INLINE = 400_000;
const cache = new WeakMap<PageScan, ScriptInfo>();

/** Reads every script element once (text capped) and sorts them by kind. */
export function scriptsOf(scan: PageScan): ScriptInfo {
  const hit = cache.get(scan);
  if (hit) return hit;
  const info: ScriptInfo = { jsonLd: [], json: [], inline: [], magentoInit: [], srcs: [] };
  for (const el of scan.scripts) {
    const type = (el.getAttribute('type') ?? '').trim().toLowerCase();
    const src = el.getAttribute('src');
    if (src) {
      info.srcs.push(src.slice(0, 500));
      continue;
    }
    const text = el.textContent ?? '';
    if (type === 'application/ld+json') info.jsonLd.push(text);
    else if (type === 'application/json') {
      const attrs = [...Array.from(el.attributes)].map((a) => a.name).join(' ');
      const parent = el.parentElement;
      info.json.push({
        id: el.getAttribute('id') ?? '',
        attrs,
        parentTag: parent ? tagOf(parent) : '',
        text,
      });
    } else if (type === 'text/x-magento-init') info.magentoInit.push(text);
    else if (type === '' || type.includes('javascript') || type === 'module') {
      info.inline.push(text.length > MAX_INLINE ? text.slice(0, MAX_INLINE) : text);
    }
  }
  cache.set(scan, info);
  return info;
}
