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

/** Products, platform, SEO and merchant-listing audit of a page, from one walk of its DOM; never throws. */
export function analyzePage(doc: Document, url: string, extras: PageExtras = {}): PageAnalysis {
  const started = performance.now();
  const scan = scanPage(doc, url);
  // Each part fails alone: a broken page still gets the parts that could be read.
  let platform = EMPTY_PLATFORM;
  try {
    platform = detectPlatformFromScan(scan, extras);
  } catch {
    platform = EMPTY_PLATFORM;
  }
  let products: PageAnalysis['products'] = [];
  let jsonLdErrors: string[] = [];
  try {
    const hint = extras.currencyHint ?? platform.currency;
    const details = extractProductsDetailed(
      scan,
      hint ? { ...extras, currencyHint: hint } : extras,
    );
    products = details.products;
    jsonLdErrors = details.jsonLdErrors;
  } catch {
    products = [];
  }
  let seo = emptySeo(url);
  try {
    seo = auditSeoFromScan(scan, extras);
  } catch {
    seo = emptySeo(url);
  }
  let merchant: PageAnalysis['merchant'] = [];
  try {
    merchant = merchantListingChecks(products, doc, extras, { jsonLdErrors });
  } catch {
    merchant = [];
  }
  return {
    url,
    products,
    platform,
    seo,
    merchant,
    timings: { ms: Math.round((performance.now() - started) * 10) / 10, truncated: scan.truncated },
  };
}
