// Shapes shared by the page-analysis modules. core/page may not import core/schema, so the
// source and availability enums mirror core/schema/competitive.ts structurally.

/** Where a value was read from, most trusted first. */
export type ValueSource =
  'platform-json' | 'json-ld' | 'microdata' | 'rdfa' | 'open-graph' | 'visible-text';

/** Trust order used when the same field comes from several sources. */
export const SOURCE_ORDER: readonly ValueSource[] = [
  'platform-json',
  'json-ld',
  'microdata',
  'rdfa',
  'open-graph',
  'visible-text',
];

export type Availability =
  | 'InStock'
  | 'OutOfStock'
  | 'BackOrder'
  | 'PreOrder'
  | 'PreSale'
  | 'LimitedAvailability'
  | 'InStoreOnly'
  | 'OnlineOnly'
  | 'SoldOut'
  | 'Discontinued'
  | 'Unknown';

/** A value together with the source it was taken from. */
export interface Field<T> {
  value: T;
  source: ValueSource;
}

/** Two or more sources gave different values for the same field. */
export interface Disagreement {
  field: string;
  values: { source: ValueSource; value: string | number }[];
}

/** A value the page states that cannot be true (a 7 of 5 rating, −3 reviews, an infinite price). */
export interface RejectedValue {
  field: 'rating' | 'reviewCount' | 'price' | 'wasPrice';
  source: ValueSource;
  value: string;
  reason: string;
}

/** A price the markup gives in another currency than the one the shopper sees. */
export interface OtherCurrencyPrice {
  source: ValueSource;
  price: number;
  currency: string;
}

export interface ExtractedVariant {
  id?: string;
  name?: string;
  sku?: string;
  gtin?: string;
  price?: number;
  wasPrice?: number;
  currency?: string;
  availability?: Availability;
  image?: string;
  url?: string;
  /** Option values such as "Blue", "M". */
  options: string[];
  source: ValueSource;
}

/** Facts about the structured-data offer that merchant-listing checks need. */
export interface OfferMarkup {
  /** The schema.org type of the offer as written, e.g. 'Offer' or 'AggregateOffer'. */
  types: string[];
  priceValidUntil?: string;
  hasShippingDetails: boolean;
  hasReturnPolicy: boolean;
  /** Raw availability values as written (full URLs or short names). */
  availabilityRaw: string[];
  /** Currency codes as written in the markup. */
  currencies: string[];
  /** Prices as written (after parsing), including 0 and negative ones. */
  prices: number[];
  lowPrice?: number;
  highPrice?: number;
  /** GTIN values with the property they came from, e.g. { key: 'gtin13', value: '…' }. */
  gtins: { key: string; value: string }[];
  skus: string[];
  images: string[];
  names: string[];
}

export interface ExtractedProduct {
  name?: Field<string>;
  brand?: Field<string>;
  description?: Field<string>;
  sku?: Field<string>;
  gtin?: Field<string>;
  mpn?: Field<string>;
  /** Price of the selected variant when one is known, otherwise the product's (lowest) price. */
  price?: Field<number>;
  wasPrice?: Field<number>;
  /** Upper end when the product is offered as a price range (AggregateOffer or a "from–to" text). */
  highPrice?: Field<number>;
  currency?: Field<string>;
  availability?: Field<Availability>;
  rating?: Field<number>;
  reviewCount?: Field<number>;
  image?: Field<string>;
  url?: Field<string>;
  variants: ExtractedVariant[];
  /** Id of the variant the page shows (from `?variant=` or the selected option), if any. */
  selectedVariantId?: string;
  /** Every source that contributed something to this product, in trust order. */
  sources: ValueSource[];
  disagreements: Disagreement[];
  /** What the shopper sees on the page (price block, stock wording), for comparisons with markup. */
  visible?: {
    price?: number;
    wasPrice?: number;
    currency?: string;
    symbol?: string;
    availability?: Availability;
  };
  /** Structured-data facts (JSON-LD, microdata, RDFa) for merchant-listing checks; absent without markup. */
  markup?: OfferMarkup;
  /** Out-of-range values that were refused (they never become the product's rating, count or price). */
  rejected?: RejectedValue[];
  /**
   * Prices stated in another currency than the one shown to the shopper (e.g. JSON-LD €43.90 on a
   * page showing $48.00): shown as such, never compared with the shown amount.
   */
  otherCurrency?: OtherCurrencyPrice[];
  /** The price is a range (AggregateOffer lowPrice..highPrice); a price inside it is no disagreement. */
  priceRange?: { low: number; high: number; source: ValueSource };
}

export type FindingStatus = 'pass' | 'warn' | 'fail' | 'n/a';

/** One audit result, written for the manager; `elements` are short text descriptions, never HTML. */
export interface Finding {
  id: string;
  status: FindingStatus;
  title: string;
  detail: string;
  /** What to do, in one sentence. */
  fix: string;
  elements?: string[];
  /** From the check registry: 'failing' checks fail the page; 'advice' is shown apart ("could improve"). */
  severity?: 'failing' | 'advice';
  /** The Lighthouse audit this finding reproduces, if any (counts in the Lighthouse-equivalent score). */
  lighthouse?: string;
  /**
   * How many elements the DOM alone could not judge (links whose listeners only a script adds),
   * so the UI can offer the check that can.
   */
  unjudged?: number;
}

export type PlatformName =
  | 'shopify'
  | 'woocommerce'
  | 'magento'
  | 'bigcommerce'
  | 'prestashop'
  | 'shopware'
  | 'squarespace'
  | 'wix'
  | 'salesforce-commerce-cloud'
  | 'unknown';

export interface Evidence {
  signal: string;
  detail: string;
  weight: number;
}

export type TechCategory =
  | 'analytics'
  | 'tag-manager'
  | 'reviews'
  | 'payments'
  | 'marketing'
  | 'chat'
  | 'search'
  | 'consent'
  | 'email'
  | 'ab-testing'
  | 'infrastructure';

export interface TechItem {
  name: string;
  category: TechCategory;
  evidence: string[];
  /** Version, where the page shows one (generator tag, `?ver=`, file name, header). */
  version?: string;
}

export interface PlatformResult {
  platform: PlatformName;
  /** 0..1; below 0.5 the platform is a guess. For 'unknown': how sure we are it is none of the known ones. */
  confidence: number;
  /** Evidence for the chosen platform, strongest first. */
  evidence: Evidence[];
  /** Scores of every platform with any evidence, for the "why" view. */
  candidates: { platform: PlatformName; score: number; evidence: Evidence[] }[];
  theme?: string;
  /** Theme version where the page shows it (Shopify.theme schema_version or "Name 1.9.1"). */
  themeVersion?: string;
  /** Platform version where the page shows it (e.g. WooCommerce's generator tag). */
  version?: string;
  /** Store currency announced by the platform itself (e.g. Shopify.currency.active). */
  currency?: string;
  tech: TechItem[];
}

/** JSON-safe summary of page globals read by `pageGlobalsProbe` in the page's main world. */
export type PageGlobals = Record<string, string | number | boolean>;

export interface PageExtras {
  status?: number;
  headers?: Record<string, string>;
  robotsTxt?: string;
  /** Status of the robots.txt response, when it was fetched. */
  robotsTxtStatus?: number;
  /** The HTML as served, before scripts ran; used to tell markup in the HTML from markup added by script. */
  rawHtml?: string;
  globals?: PageGlobals;
  /** Cookie names visible to the page (names only). */
  cookies?: string[];
  /** Clock for date checks (priceValidUntil, unavailable_after); defaults to Date.now(). */
  now?: number;
  /** Currency to assume for ambiguous symbols, when the user set one for this site. */
  currencyHint?: string;
  /**
   * Indices (in document order of `<a>` elements) of anchors that script listens to, when the
   * caller can see listeners (DevTools protocol); without it, listener-only links are not judged.
   */
  anchorListeners?: number[];
}

export interface SeoHeading {
  level: number;
  text: string;
}

export interface SeoReport {
  score: number;
  findings: Finding[];
  headings: SeoHeading[];
  snippet: { title: string; description: string; url: string };
  openGraph: Record<string, string>;
  twitter: Record<string, string>;
  hreflang: { lang: string; href: string }[];
  links: { internal: number; external: number; nofollow: number };
  wordCount: number;
  lang: string;
  canonical?: string;
}

export interface PageAnalysis {
  url: string;
  products: ExtractedProduct[];
  platform: PlatformResult;
  seo: SeoReport;
  merchant: Finding[];
  /**
   * `ms`: time spent analysing. A staged analysis (analyzePageStaged) also says in how many tasks
   * it ran and how long the longest was.
   */
  timings: { ms: number; truncated: boolean; tasks?: number; longestTaskMs?: number };
}
