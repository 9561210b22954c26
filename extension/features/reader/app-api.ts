// The contract between the small first-injected reader and the reader app script, which the
// background injects next: core/page analysis. Both scripts run in the extension's isolated world
// of the same frame, so the app hands its functions over on that world's globalThis; the page
// cannot see them.
import type { ExtractedProduct, ParsedPrice } from '../../../core/page/index.ts';
import type { OverlayAnalysis } from '../analysis-shared.ts';
import type { AnalyseOptions } from '../analysis.ts';

export interface ReaderApp {
  /** Analyses the document (never throws). */
  analyse(doc: Document, url: string, opts: AnalyseOptions): OverlayAnalysis;
  /** The same analysis in tasks of a few ms, yielding to the page between them (never rejects). */
  analyseStaged(doc: Document, url: string, opts: AnalyseOptions): Promise<OverlayAnalysis>;
  /** Products from a platform endpoint's response (Shopify product JSON, WooCommerce Store API). */
  fromPlatformData(
    platform: string,
    json: string,
    pageUrl: string,
    currency?: string,
  ): ExtractedProduct[];
  /** core/page's parsePrice, for the element the user just picked. */
  parsePrice(text: string, currencyHint?: string): ParsedPrice | null;
}

export const READER_APP_KEY = '__storelensReaderApp';
export const READER_APP_SCRIPT = '/reader-app.js';

/** The app once its script has run in this world, else null. */
export function loadedReaderApp(): ReaderApp | null {
  const app = (globalThis as Record<string, unknown>)[READER_APP_KEY];
  return app && typeof (app as ReaderApp).analyseStaged === 'function' ? (app as ReaderApp) : null;
}
