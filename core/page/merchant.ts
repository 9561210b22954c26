// Google merchant-listing readiness: the structured-data rules from Google's merchant listing
// documentation (see shared/REFERENCE.md), checked against what the page shows.
import type { Availability, ExtractedProduct, Finding, PageExtras } from './types.ts';
import { checkOf } from './checks.ts';
import { GOOGLE_AVAILABILITY, isValidGtin, toAvailability } from './normalize.ts';
import { currenciesForSymbol, isIsoCurrency } from './price.ts';
import { scanPage } from './scan.ts';
import { fromJsonLd } from './structured.ts';

export { isValidGtin };

// Markers of a page where the shopper can buy (platform add-to-cart forms and buttons).
const BUY_SELECTOR = [
  'form[action*="/cart/add"]',
  'button[name="add"]',
  '.single_add_to_cart_button',
  '#product-addtocart-button',
  '[data-button-action="add-to-cart"]',
  '.btn-buy',
  '#form-action-addToCart',
  '[data-add-to-cart]',
].join(',');

const OUT = new Set<Availability>(['OutOfStock', 'SoldOut', 'Discontinued']);

function finding(
  id: string,
  status: Finding['status'],
  title: string,
  detail: string,
  fix: string,
  elements?: string[],
): Finding {
  const f: Finding = { id, status, title, detail, fix };
  if (elements && elements.length > 0) f.elements = elements.slice(0, 20);
  return f;
}

function label(p: ExtractedProduct, i: number): string {
  return p.name ? `"${String(p.name.value).slice(0, 60)}"` : `product ${i + 1}`;
}

/** True when the raw HTML (as served) already contains product structured data. */
function markupInHtml(rawHtml: string): boolean {
  const html = rawHtml.length > 20_000_000 ? rawHtml.slice(0, 20_000_000) : rawHtml;
  if (/itemtype\s*=\s*["']?https?:\/\/schema\.org\/(?:Product|ProductGroup)\b/i.test(html))
    return true;
  if (/typeof\s*=\s*["'][^"']*\bProduct\b/.test(html)) return true;
  const re = /<script[^>]+application\/ld\+json[^>]*>([\s\S]*?)<\/script>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    if (
      /"@type"\s*:\s*(?:\[[^\]]*)?"(?:https?:\/\/schema\.org\/)?(?:Product|ProductGroup)"/.test(
        m[1]!,
      )
    )
      return true;
  }
  return false;
}

function isBuyable(doc: Document): boolean {
  try {
    return !!doc.querySelector(BUY_SELECTOR);
  } catch {
    return false;
  }
}

/** Detailed input for the checks (analyzePage passes JSON-LD errors from its extraction). */
export interface MerchantInput {
  jsonLdErrors?: string[];
  /** Return policy / shipping stated once for the store (Organization or OnlineStore markup). */
  storePolicies?: { returnPolicy: boolean; shipping: boolean };
}

/**
 * Merchant-listing findings for the products on a page: price, currency, offer type, validity,
 * availability, GTIN, SKU, shipping, returns, image and markup in the served HTML.
 */
export function merchantListingChecks(
  products: ExtractedProduct[],
  doc: Document,
  extras: PageExtras = {},
  input: MerchantInput = {},
): Finding[] {
  try {
    // Called on its own (not from analyzePage): read the store-wide policies from the page here.
    const withPolicies = input.storePolicies
      ? input
      : { ...input, storePolicies: fromJsonLd(scanPage(doc, '')).policies };
    return checks(Array.isArray(products) ? products : [], doc, extras, withPolicies).map(
      withSeverity,
    );
  } catch {
    return [
      finding(
        'merchant-error',
        'fail',
        'Merchant checks could not run',
        'The product data could not be read.',
        'Reload the page and try again.',
      ),
    ];
  }
}

/** The registry decides severity: an advice check is "could improve" at worst, never failing. */
function withSeverity(f: Finding): Finding {
  const def = checkOf(f.id);
  if (!def) return f;
  const out: Finding = { ...f, severity: def.severity };
  if (def.severity === 'advice' && out.status === 'fail') out.status = 'warn';
  return out;
}

function checks(
  products: ExtractedProduct[],
  doc: Document,
  extras: PageExtras,
  input: MerchantInput,
): Finding[] {
  const findings: Finding[] = [];
  const now = extras.now ?? Date.now();
  const errors = input.jsonLdErrors ?? [];
  if (errors.length > 0) {
    findings.push(
      finding(
        'structured-data-parse',
        'fail',
        'Structured data cannot be read',
        `${errors.length} JSON-LD block${errors.length === 1 ? '' : 's'} failed to parse; Google ignores them.`,
        'Fix the JSON syntax (quotes, commas, escaped characters) in the listed blocks.',
        errors,
      ),
    );
  }
  const marked = products.map((p, i) => ({ p, i })).filter(({ p }) => p.markup);
  if (marked.length === 0) {
    findings.push(
      finding(
        'merchant-markup',
        'fail',
        'No Product structured data',
        products.length > 0
          ? 'Products are visible but not described with schema.org Product markup.'
          : 'The page has no Product structured data.',
        'Add JSON-LD Product markup with name, image and an Offer (price, priceCurrency, availability).',
      ),
    );
    return findings;
  }
  findings.push(
    finding(
      'merchant-markup',
      'pass',
      'Product structured data found',
      `${marked.length} product${marked.length === 1 ? '' : 's'} described in structured data.`,
      'Nothing to do.',
    ),
  );

  const buyable = isBuyable(doc);

  const bad = {
    name: [] as string[],
    image: [] as string[],
    offer: [] as string[],
    price: [] as string[],
    currency: [] as string[],
    currencyMismatch: [] as string[],
    aggregate: [] as string[],
    validUntil: [] as string[],
    availabilityMissing: [] as string[],
    availabilityInvalid: [] as string[],
    availabilityMismatch: [] as string[],
    gtinMissing: [] as string[],
    gtinInvalid: [] as string[],
    sku: [] as string[],
    shipping: [] as string[],
    returns: [] as string[],
    brand: [] as string[],
    priceMismatch: [] as string[],
    outOfRange: [] as string[],
  };
  for (const { p, i } of marked) {
    const m = p.markup!;
    const name = label(p, i);
    if (m.names.length === 0) bad.name.push(name);
    if (m.images.length === 0) bad.image.push(name);
    const offerTypes = m.types.filter((t) => /Offer$/.test(t));
    if (offerTypes.length === 0) bad.offer.push(name);
    if (offerTypes.length > 0 && offerTypes.every((t) => t === 'AggregateOffer') && buyable)
      bad.aggregate.push(name);
    const prices = m.prices.length > 0 ? m.prices : m.lowPrice !== undefined ? [m.lowPrice] : [];
    if (offerTypes.length > 0 && (prices.length === 0 || prices.some((x) => !(x > 0)))) {
      bad.price.push(
        `${name}: ${prices.length === 0 ? 'no price' : `price ${prices.find((x) => !(x > 0))}`}`,
      );
    }
    const currencies = [...new Set(m.currencies)];
    if (
      offerTypes.length > 0 &&
      (currencies.length === 0 || currencies.some((c) => !isIsoCurrency(c)))
    ) {
      bad.currency.push(
        `${name}: ${currencies.length === 0 ? 'no priceCurrency' : currencies.join(', ')}`,
      );
    }
    const visible = p.visible;
    if (visible && currencies.length > 0) {
      const shown = visible.currency
        ? [visible.currency]
        : visible.symbol
          ? currenciesForSymbol(visible.symbol)
          : [];
      if (shown.length > 0 && !currencies.some((c) => shown.includes(c))) {
        bad.currencyMismatch.push(
          `${name}: markup ${currencies.join('/')}, page shows ${visible.currency ?? visible.symbol}`,
        );
      }
    }
    if (m.priceValidUntil) {
      const until = Date.parse(m.priceValidUntil);
      if (!Number.isNaN(until) && until < now)
        bad.validUntil.push(`${name}: priceValidUntil ${m.priceValidUntil}`);
    }
    const availabilities = m.availabilityRaw.map((a) => toAvailability(a));
    if (m.availabilityRaw.length === 0) bad.availabilityMissing.push(name);
    m.availabilityRaw.forEach((raw, k) => {
      const a = availabilities[k];
      if (!a || !GOOGLE_AVAILABILITY.has(a))
        bad.availabilityInvalid.push(`${name}: "${raw.slice(0, 60)}"`);
    });
    const distinct = new Set(availabilities.filter(Boolean));
    if (distinct.size > 1 && offerTypes.length === 1) {
      bad.availabilityInvalid.push(`${name}: one offer states ${[...distinct].join(' and ')}`);
    }
    const stated =
      p.availability?.source !== 'visible-text'
        ? p.availability?.value
        : availabilities.find(Boolean);
    const seen = visible?.availability;
    if (stated && seen && OUT.has(stated) !== OUT.has(seen)) {
      bad.availabilityMismatch.push(`${name}: markup ${stated}, page shows ${seen}`);
    }
    if (m.gtins.length === 0 && !p.gtin) bad.gtinMissing.push(name);
    for (const g of m.gtins) {
      const digits = g.value.replace(/[\s-]/g, '');
      const lengthOk = g.key === 'gtin' || digits.length === Number(g.key.slice(4));
      if (!lengthOk || !isValidGtin(digits))
        bad.gtinInvalid.push(`${name}: ${g.key} ${g.value.slice(0, 20)}`);
    }
    for (const s of m.skus) if (/\s/.test(s)) bad.sku.push(`${name}: "${s.slice(0, 40)}"`);
    if (!m.hasShippingDetails && !input.storePolicies?.shipping) bad.shipping.push(name);
    if (!m.hasReturnPolicy && !input.storePolicies?.returnPolicy) bad.returns.push(name);
    if (!p.brand) bad.brand.push(name);
    const priceDisagreement = p.disagreements.find(
      (d) => d.field === 'price' && d.values.some((v) => v.source === 'visible-text'),
    );
    if (priceDisagreement)
      bad.priceMismatch.push(
        `${name}: ${priceDisagreement.values.map((v) => `${v.source} ${v.value}`).join(' vs ')}`,
      );
    else if (p.otherCurrency?.length && p.visible?.price !== undefined) {
      // Markup in another currency: Google compares it with the shown price and finds them apart.
      const o = p.otherCurrency[0]!;
      bad.priceMismatch.push(
        `${name}: ${o.source} ${o.price} ${o.currency} vs visible-text ${p.visible.price}${p.visible.currency ? ` ${p.visible.currency}` : ''}`,
      );
    }
    for (const r of p.rejected ?? [])
      bad.outOfRange.push(`${name}: ${r.source} ${r.field} ${r.value} (${r.reason})`);
  }

  const check = (
    id: string,
    list: string[],
    failStatus: Finding['status'],
    okTitle: string,
    badTitle: string,
    detail: string,
    fix: string,
  ) => {
    findings.push(
      list.length === 0
        ? finding(id, 'pass', okTitle, 'All products pass.', 'Nothing to do.')
        : finding(id, failStatus, badTitle, detail, fix, list),
    );
  };
  check(
    'merchant-name',
    bad.name,
    'fail',
    'Products have a name',
    'Product name missing',
    'Google requires a name for every product.',
    'Add "name" to the Product markup.',
  );
  check(
    'merchant-image',
    bad.image,
    'fail',
    'Products have an image',
    'Product image missing',
    'Google requires at least one image.',
    'Add "image" with an absolute URL to the Product markup.',
  );
  check(
    'merchant-offer',
    bad.offer,
    'fail',
    'Products have an offer',
    'No offer in the markup',
    'Merchant listings need an Offer with the price.',
    'Add "offers" with an Offer (price, priceCurrency, availability).',
  );
  check(
    'merchant-price',
    bad.price,
    'fail',
    'Prices are above zero',
    'Price missing or not above zero',
    'Google rejects offers without a positive price.',
    'Set "price" to the selling price as a number with a dot decimal, e.g. 29.90.',
  );
  check(
    'merchant-currency',
    bad.currency,
    'fail',
    'Currencies are ISO 4217 codes',
    'Currency missing or not an ISO code',
    'priceCurrency must be a three-letter ISO 4217 code.',
    'Set "priceCurrency" to the code, e.g. "EUR", not "€".',
  );
  check(
    'merchant-currency-visible',
    bad.currencyMismatch,
    'fail',
    'Markup currency matches the page',
    'Markup currency differs from the page',
    'The currency in the markup is not the one shoppers see.',
    'Make priceCurrency match the currency shown next to the price.',
  );
  check(
    'merchant-offer-type',
    bad.aggregate,
    'fail',
    'Buyable products use Offer',
    'AggregateOffer on a buyable page',
    'Merchant listings need an Offer; AggregateOffer is only for product snippets on pages that do not sell.',
    'Describe the price shown with an Offer (one per variant if prices differ).',
  );
  check(
    'merchant-price-valid-until',
    bad.validUntil,
    'fail',
    'No expired prices',
    'priceValidUntil is in the past',
    'Google drops offers whose priceValidUntil has passed.',
    'Update or remove priceValidUntil.',
  );
  check(
    'merchant-availability',
    [...bad.availabilityInvalid, ...bad.availabilityMismatch],
    'fail',
    'Availability is valid and matches the page',
    'Availability is invalid or contradicts the page',
    'Availability must be one schema.org value (e.g. https://schema.org/InStock) and agree with the stock state shown.',
    'Set availability to the stock state the page shows, using a schema.org value.',
  );
  if (bad.availabilityMissing.length > 0)
    findings.push(
      finding(
        'merchant-availability-present',
        'warn',
        'Availability not stated',
        'Google recommends an availability for every offer.',
        'Add "availability" to each Offer.',
        bad.availabilityMissing,
      ),
    );
  check(
    'merchant-gtin',
    bad.gtinInvalid,
    'fail',
    'GTINs have valid check digits',
    'GTIN is invalid',
    'A GTIN with the wrong length or check digit is rejected.',
    'Copy the GTIN from the barcode; check its length and last (check) digit.',
  );
  if (bad.gtinMissing.length > 0)
    findings.push(
      finding(
        'merchant-gtin-present',
        'warn',
        'No GTIN',
        'Google recommends a GTIN (gtin8/12/13/14) to match products across stores.',
        'Add the barcode number as gtin13 (or gtin8/12/14).',
        bad.gtinMissing,
      ),
    );
  check(
    'merchant-sku',
    bad.sku,
    'fail',
    'SKUs have no whitespace',
    'SKU contains whitespace',
    'Google expects an SKU without spaces.',
    'Remove spaces from the sku value.',
  );
  check(
    'merchant-shipping',
    bad.shipping,
    'warn',
    'Shipping details present',
    'No shipping details',
    'Listings without shippingDetails show no shipping cost.',
    'Add "shippingDetails" (OfferShippingDetails) to the Offer, or set shipping in Merchant Center.',
  );
  check(
    'merchant-returns',
    bad.returns,
    'warn',
    'Return policy present',
    'No return policy',
    'Listings without hasMerchantReturnPolicy show no returns information.',
    'Add "hasMerchantReturnPolicy" to the Offer or the organisation.',
  );
  check(
    'merchant-brand',
    bad.brand,
    'warn',
    'Brand present',
    'No brand',
    'Google recommends brand.name.',
    'Add "brand": {"@type": "Brand", "name": "…"}.',
  );
  check(
    'merchant-price-visible',
    bad.priceMismatch,
    'fail',
    'Markup price matches the page',
    'Markup price differs from the page',
    'The price in the markup is not the price shoppers see.',
    'Render the markup price from the same value as the visible price.',
  );
  check(
    'merchant-values-range',
    bad.outOfRange,
    'fail',
    'Ratings, review counts and prices are in range',
    'Markup values out of range',
    'A rating above bestRating, a negative review count or a price that is not a finite number is refused (by us and by Google).',
    'Write ratingValue within worstRating..bestRating, reviewCount as a whole number ≥ 0 and price as a plain number.',
  );

  if (extras.rawHtml === undefined) {
    findings.push(
      finding(
        'merchant-in-html',
        'n/a',
        'Markup in the served HTML',
        'The served HTML was not captured, so this cannot be checked.',
        'Reload with the extension active to capture the served HTML.',
      ),
    );
  } else if (markupInHtml(extras.rawHtml)) {
    findings.push(
      finding(
        'merchant-in-html',
        'pass',
        'Markup is in the served HTML',
        'The Product markup is present before scripts run.',
        'Nothing to do.',
      ),
    );
  } else {
    findings.push(
      finding(
        'merchant-in-html',
        'fail',
        'Markup is only added by script',
        'The served HTML has no Product markup; crawlers that do not run scripts see none.',
        'Render the Product JSON-LD on the server, in the initial HTML.',
      ),
    );
  }
  return findings;
}
