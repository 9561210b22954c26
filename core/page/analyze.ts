import type { PageAnalysis, PageExtras, PlatformResult, SeoReport } from './types.ts';
import { scanPage } from './scan.ts';
import { extractProductsDetailed } from './products.ts';
import { detectPlatformFromScan } from './platform.ts';
import { auditSeoFromScan } from './seo.ts';
import { merchantListingChecks } from './merchant.ts';

const EMPTY_PLATFORM: PlatformResult = {
  platform: 'unknown',
  confidence: 0,
  evidence: [],
  candidates: [],
  tech: [],
};

function emptySeo(url: string): SeoReport {
  return {
    score: 0,
    findings: [],
    headings: [],
    snippet: { title: '', description: '', url },
    openGraph: {},
    twitter: {},
    hreflang: [],
    links: { internal: 0, external: 0, nofollow: 0 },
    wordCount: 0,
    lang: '',
  };
}

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
  const scan = scanPage(doc, url);
  // Each part fails alone: a broken page still gets the parts that could be read.
  const platform = attempt(() => detectPlatformFromScan(scan, extras), EMPTY_PLATFORM);
  const hint = extras.currencyHint ?? platform.currency;
  const details = attempt(
    () => extractProductsDetailed(scan, hint ? { ...extras, currencyHint: hint } : extras),
    { products: [], jsonLdErrors: [] },
  );
  const products = details.products;
  const seo = attempt(() => auditSeoFromScan(scan, extras), emptySeo(url));
  const merchant = attempt(
    () => merchantListingChecks(products, doc, extras, { jsonLdErrors: details.jsonLdErrors }),
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
