// The page-check registry: one typed entry per check the panel shows (SEO and merchant listing),
// in panel order. The SEO entries carry how they run (seo.ts); the merchant entries are produced
// together by merchant.ts from one pass over the products. The docs table in README.md is
// generated from this registry and a test keeps the two equal.
import type { SeoCheck } from './seo.ts';
import { SEO_CHECKS } from './seo.ts';

export type CheckDef = Omit<SeoCheck, 'run'>;

const merchant = (
  id: string,
  severity: CheckDef['severity'],
  doc: string,
): CheckDef & { area: 'merchant' } => ({ id, severity, area: 'merchant', doc });

/** Google merchant-listing checks (merchant.ts emits exactly these ids). */
export const MERCHANT_CHECKS = {
  'structured-data-parse': merchant(
    'structured-data-parse',
    'failing',
    'Every JSON-LD block parses.',
  ),
  'merchant-error': merchant(
    'merchant-error',
    'failing',
    'Shown only when the product data could not be read.',
  ),
  'merchant-markup': merchant(
    'merchant-markup',
    'failing',
    'The page describes its product with schema.org Product markup.',
  ),
  'merchant-name': merchant('merchant-name', 'failing', 'Every product in the markup has a name.'),
  'merchant-image': merchant(
    'merchant-image',
    'failing',
    'Every product in the markup has an image.',
  ),
  'merchant-offer': merchant(
    'merchant-offer',
    'failing',
    'Every product has an Offer or AggregateOffer.',
  ),
  'merchant-price': merchant('merchant-price', 'failing', 'Offer prices are above zero.'),
  'merchant-currency': merchant(
    'merchant-currency',
    'failing',
    'priceCurrency is an ISO 4217 code.',
  ),
  'merchant-currency-visible': merchant(
    'merchant-currency-visible',
    'failing',
    'The markup currency is the one shown next to the price.',
  ),
  'merchant-offer-type': merchant(
    'merchant-offer-type',
    'failing',
    'A buyable product uses Offer, not only AggregateOffer.',
  ),
  'merchant-price-valid-until': merchant(
    'merchant-price-valid-until',
    'failing',
    'No priceValidUntil in the past.',
  ),
  'merchant-availability-present': merchant(
    'merchant-availability-present',
    'advice',
    'Offers state availability.',
  ),
  'merchant-availability': merchant(
    'merchant-availability',
    'failing',
    'Availability is a schema.org value and matches what the page shows.',
  ),
  'merchant-gtin-present': merchant('merchant-gtin-present', 'advice', 'Products carry a GTIN.'),
  'merchant-gtin': merchant('merchant-gtin', 'failing', 'GTINs have valid check digits.'),
  'merchant-sku': merchant('merchant-sku', 'failing', 'SKUs have no whitespace.'),
  'merchant-shipping': merchant(
    'merchant-shipping',
    'advice',
    'Shipping details, on the offer or once for the store.',
  ),
  'merchant-returns': merchant(
    'merchant-returns',
    'advice',
    'A return policy, on the offer or once for the store.',
  ),
  'merchant-brand': merchant('merchant-brand', 'advice', 'Products name a brand.'),
  'merchant-price-visible': merchant(
    'merchant-price-visible',
    'failing',
    'The markup price is the price shoppers see (same currency, same amount).',
  ),
  'merchant-values-range': merchant(
    'merchant-values-range',
    'failing',
    'Ratings lie within 0..bestRating, review counts are whole and ≥ 0, prices are finite.',
  ),
  'merchant-in-html': merchant(
    'merchant-in-html',
    'failing',
    'The markup is in the served HTML, not only added by script.',
  ),
} as const satisfies Record<string, CheckDef>;

export type SeoCheckId = keyof typeof SEO_CHECKS;
export type MerchantCheckId = keyof typeof MERCHANT_CHECKS;
export type CheckId = SeoCheckId | MerchantCheckId;

/** Every page check, SEO first then merchant listing, each once. */
export const PAGE_CHECKS: { readonly [K in CheckId]: CheckDef } = {
  ...SEO_CHECKS,
  ...MERCHANT_CHECKS,
} satisfies Record<CheckId, CheckDef>;

/** Check ids in panel order. */
export const CHECK_IDS = Object.keys(PAGE_CHECKS) as CheckId[];

/** The registry entry of a finding's check, if it is a known one. */
export function checkOf(id: string): CheckDef | undefined {
  return Object.prototype.hasOwnProperty.call(PAGE_CHECKS, id)
    ? PAGE_CHECKS[id as CheckId]
    : undefined;
}

/** The README's check table, generated from the registry (the repo test compares the two). */
export function checksMarkdown(): string {
  const rows = CHECK_IDS.map((id) => {
    const c = PAGE_CHECKS[id];
    return `| \`${id}\` | ${c.area} | ${c.lighthouse ? `\`${c.lighthouse}\`` : '—'} | ${c.severity} | ${c.doc.replace(/\|/g, '\\|')} |`;
  });
  return [
    '| check | area | Lighthouse audit | severity | what it checks |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
