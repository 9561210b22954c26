// Numbers for the side panel in the user's locale and the product's currency (Intl).
import type { PlatformName } from '../../../core/page/types.ts';

/** "$129.00", "24,90 €"; the amount alone when the currency is unknown or not ISO 4217. */
export function formatPrice(amount: number, currency: string | undefined, locale?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
    } catch {
      // Not a currency Intl knows: fall through to a plain number with the code after it.
      return `${formatNumber(amount, locale)} ${currency}`;
    }
  }
  return formatNumber(amount, locale);
}

/** A plain number with up to two decimals. */
export function formatNumber(n: number, locale?: string, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** 0.87 → "87%". */
export function formatPercent(share: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
}

const PLATFORM_LABELS: Record<PlatformName, string> = {
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  magento: 'Magento / Adobe Commerce',
  bigcommerce: 'BigCommerce',
  prestashop: 'PrestaShop',
  shopware: 'Shopware',
  squarespace: 'Squarespace',
  wix: 'Wix',
  'salesforce-commerce-cloud': 'Salesforce Commerce Cloud',
  unknown: 'Unknown platform',
};

/** The platform's name as merchants write it. */
export function platformLabel(p: PlatformName): string {
  return PLATFORM_LABELS[p] ?? p;
}

const SOURCE_LABELS: Record<string, string> = {
  'platform-json': 'platform data',
  'json-ld': 'JSON-LD',
  microdata: 'microdata',
  rdfa: 'RDFa',
  'open-graph': 'Open Graph',
  'visible-text': 'visible text',
  'user-pick': 'your pick',
};

/** A value source as a short badge label. */
export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

/** Availability enum → words ("InStock" → "In stock"). */
export function availabilityLabel(a: string): string {
  return a
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/ (\w)/g, (m) => m.toLowerCase());
}
