import type { PageAnalysis, PageExtras, PlatformResult } from './types.ts';
import { scanPage } from './scan.ts';
import { extractProductsDetailed } from './products.ts';
import { detectPlatformFromScan } from './platform.ts';
import { auditSeoFromScan, emptySeoReport } from './seo.ts';
import { merchantListingChecks } from './merchant.ts';

const EMPTY_PLATFORM: PlatformResult = {
  platform: 'unknown',
  confidence: 0,
  evidence: [],
  candidates: [],
  tech: [],
};

function attempt<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** Products, platform, SEO and merchant-listing audit of a page, from one walk of its DOM; never throws. */
export function analyzePage(doc: Document, url: string, extras: PageExtras = {}): PageAnalysis {
  const started = performance.now();
  const scan = attempt(() => scanPage(doc, url), null);
  if (!scan) {
    return {
      url,
      products: [],
      platform: EMPTY_PLATFORM,
      seo: emptySeoReport(url),
      merchant: [],
      timings: { ms: Math.round((performance.now() - started) * 10) / 10, truncated: false },
    };
  }
  // Each part fails alone: a broken page still gets the parts that could be read.
  const platform = attempt(() => detectPlatformFromScan(scan, extras), EMPTY_PLATFORM);
  const hint = extras.currencyHint ?? platform.currency;
  const details = attempt(
    () => extractProductsDetailed(scan, hint ? { ...extras, currencyHint: hint } : extras),
    { products: [], jsonLdErrors: [], storePolicies: { returnPolicy: false, shipping: false } },
  );
  const products = details.products;
  const seo = attempt(
    () => auditSeoFromScan(scan, extras, { productPage: products.length > 0 }),
    emptySeoReport(url),
  );
  const merchant = attempt(
    () =>
      merchantListingChecks(products, doc, extras, {
        jsonLdErrors: details.jsonLdErrors,
        storePolicies: details.storePolicies,
      }),
    [],
  );
  return {
    url,
    products,
    platform,
    seo,
    merchant,
    timings: { ms: Math.round((performance.now() - started) * 10) / 10, truncated: scan.truncated },
  };
}
