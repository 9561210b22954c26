// The side panel's state and the actions its UI may ask for; the panel controller owns both.
import type { OverlayAnalysis } from '../analysis-shared.ts';
import type { PickDraft } from '../reader/protocol.ts';
import type { PricePick } from '../site-prefs.ts';

export type { PickDraft } from '../reader/protocol.ts';

export type TabId = 'product' | 'seo' | 'store';

/**
 * Whether the panel can read the tab in front: `ready` (the reader answers), `connecting`,
 * `no-access` (no toolbar click and no site permission yet), `restricted` (a browser page or the
 * web store, which extensions may never read), `none` (no tab).
 */
export type Access = 'connecting' | 'ready' | 'no-access' | 'restricted' | 'none';

export interface PanelState {
  access: Access;
  /** The analysed tab's address and origin (http(s) only). */
  pageUrl?: string;
  origin?: string;
  /** The tab's own title, shown while nothing is analysed. */
  pageTitle?: string;
  tab: TabId;
  productIndex: number;
  status: 'idle' | 'analysing' | 'ready' | 'failed';
  error?: string;
  result?: OverlayAnalysis;
  /** The price element the user picked for this site. */
  pick: PricePick | null;
  picking: boolean;
  /** While picking: the prices found on the page, to choose by keyboard. */
  candidates?: string[];
  draft?: PickDraft;
  /** A short message after an action ("Copied", "Saved for this site"). */
  notice?: string;
  deepChecking: boolean;
  /** Reading which links scripts listen to (DevTools protocol). */
  readingListeners: boolean;
  loadingPlatformData: boolean;
  /** The keyboard shortcut of the toolbar action, when the user has one. */
  shortcut: string | null;
  /** Whether the origin is one of the sites the user allowed (analysed without a click). */
  siteAllowed: boolean;
  locale: string;
}

export interface PanelActions {
  setTab(tab: TabId): void;
  setProduct(index: number): void;
  startPick(): void;
  cancelPick(): void;
  /** Keyboard picking: outline candidate `index` on the page, or choose it. */
  highlightCandidate(index: number): void;
  pickCandidate(index: number): void;
  savePick(currency: string): void;
  forgetPick(): void;
  reanalyse(): void;
  deepCheck(): void;
  /** Reads the links' script listeners so uncrawlable links are judged as Lighthouse does. */
  readLinkListeners(): void;
  loadPlatformData(): void;
  copyJson(): void;
  downloadJson(): void;
  downloadCsv(): void;
  /** Asks for this site's permission (from the panel's own click) and analyses it from then on. */
  allowSite(): void;
  forgetSite(): void;
}
