import type { PageAnalysis, PageExtras, PlatformResult } from './types.ts';
import { scanSteps } from './scan.ts';
import { extractProductsSteps } from './products.ts';
import { detectPlatformFromScan } from './platform.ts';
import { auditSeoSteps, emptySeoReport } from './seo.ts';
import { merchantListingChecks } from './merchant.ts';
import { runStaged, runSteps, type StagedOptions, type Steps } from './steps.ts';

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

function* attemptSteps<T>(run: () => Steps<T>, fallback: T): Steps<T> {
  try {
    return yield* run();
  } catch {
    return fallback;
  }
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

/** The analysis step by step; `timings.ms` is left at 0 for the runner to fill in. */
function* analysisSteps(doc: Document, url: string, extras: PageExtras): Steps<PageAnalysis> {
  const scan = yield* attemptSteps(() => scanSteps(doc, url), null);
  if (!scan) {
    return {
      url,
      products: [],
      platform: EMPTY_PLATFORM,
      seo: emptySeoReport(url),
      merchant: [],
      timings: { ms: 0, truncated: false },
    };
  }
  yield;
  // Each part fails alone: a broken page still gets the parts that could be read.
  const platform = attempt(() => detectPlatformFromScan(scan, extras), EMPTY_PLATFORM);
  const hint = extras.currencyHint ?? platform.currency;
  yield;
  const details = yield* attemptSteps(
    () => extractProductsSteps(scan, hint ? { ...extras, currencyHint: hint } : extras),
    { products: [], jsonLdErrors: [], storePolicies: { returnPolicy: false, shipping: false } },
  );
  const products = details.products;
  yield;
  const seo = yield* attemptSteps(
    () => auditSeoSteps(scan, extras, { productPage: products.length > 0 }),
    emptySeoReport(url),
  );
  yield;
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
    timings: { ms: 0, truncated: scan.truncated },
  };
}

/** Products, platform, SEO and merchant-listing audit of a page, from one walk of its DOM; never throws. */
export function analyzePage(doc: Document, url: string, extras: PageExtras = {}): PageAnalysis {
  const started = performance.now();
  const analysis = runSteps(analysisSteps(doc, url, extras));
  analysis.timings.ms = roundMs(performance.now() - started);
  return analysis;
}

/**
 * analyzePage in tasks of a few ms, giving the page its main thread back between them (a 1 MB
 * page is read in a dozen tasks instead of one long one). Same result as analyzePage; `timings.ms`
 * is the work time, and `timings.tasks` / `timings.longestTaskMs` say how it was spread.
 */
export async function analyzePageStaged(
  doc: Document,
  url: string,
  extras: PageExtras = {},
  options: StagedOptions = {},
): Promise<PageAnalysis> {
  const { value, timings } = await runStaged(analysisSteps(doc, url, extras), options);
  value.timings.ms = roundMs(timings.workMs);
  value.timings.tasks = timings.tasks;
  value.timings.longestTaskMs = roundMs(timings.longestTaskMs);
  return value;
}
