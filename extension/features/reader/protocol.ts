// The private channel between the side panel (an extension page) and the page reader (the content
// script in the analysed tab): a runtime port the panel opens with tabs.connect, which only our
// content scripts in that tab can answer. What crosses it is data read from the page (strings and
// numbers); the manager's own catalog, prices and tracking never go to the page.
import type { OverlayAnalysis } from '../analysis-shared.ts';
import type { PricePick } from '../site-prefs.ts';

export const READER_PORT = 'storelens:reader';

/** The reader's content script, injected on the toolbar click or where the user allowed the site. */
export const READER_SCRIPT = '/content-scripts/reader.js';

/** An element the user just clicked in pick mode, before they confirm the currency. */
export interface PickDraft {
  selector: string;
  text: string;
  amount: number | null;
  currency: string;
}

/** Panel → reader. */
export type PanelToReader =
  /** Analyse the page now, reading the price from `pick` when the user picked one for the site. */
  | { type: 'analyse'; pick: PricePick | null }
  /** Enter pick mode in the page ("click the price"). */
  | { type: 'start-pick' }
  | { type: 'cancel-pick' }
  /** While picking, from the panel's keyboard list: outline candidate `index`, or choose it. */
  | { type: 'highlight-candidate'; index: number }
  | { type: 'pick-candidate'; index: number }
  /** Fetch the page as served and robots.txt (same origin, on the user's request). */
  | { type: 'deep-check' }
  /** Load the platform's own product data (Shopify .js, WooCommerce Store API). */
  | { type: 'load-platform-data' };

/** Reader → panel. */
export type ReaderToPanel =
  | { type: 'analysing' }
  | { type: 'result'; result: OverlayAnalysis; title: string }
  | { type: 'failed'; error: string }
  | { type: 'picked'; draft: PickDraft }
  | { type: 'pick-ended' }
  /** The price-like texts on the page, in page order, so the panel can offer them by keyboard. */
  | { type: 'pick-candidates'; candidates: string[] }
  | { type: 'busy'; deepChecking: boolean; loadingPlatformData: boolean }
  | { type: 'notice'; notice: string };
