// The overlay's state and the actions the UI may ask for; the content-script runner owns both.
import type { OverlayAnalysis } from '../analysis-shared.ts';
import type { DockSide } from '../site-prefs.ts';
import type { Rect } from './avoid.ts';

/** Panel geometry; overlay.css uses the same numbers (width 380px, 16px from the edges). */
export const PANEL_WIDTH = 380;
export const MARGIN = 16;

export type TabId = 'product' | 'seo' | 'store';

/** An element the user just clicked in pick mode, before they confirm the currency. */
export interface PickDraft {
  selector: string;
  text: string;
  amount: number | null;
  currency: string;
}

export interface OverlayState {
  visible: boolean;
  collapsed: boolean;
  dock: DockSide;
  /** Where the user dragged the panel; null while it is docked. */
  pos: { x: number; y: number } | null;
  tab: TabId;
  productIndex: number;
  status: 'analysing' | 'ready' | 'failed';
  error?: string;
  result?: OverlayAnalysis;
  picking: boolean;
  hover: Rect | null;
  draft?: PickDraft;
  /** A short message after an action ("Copied", "Saved for this site"). */
  notice?: string;
  deepChecking: boolean;
  loadingPlatformData: boolean;
  locale: string;
}

export interface OverlayActions {
  setTab(tab: TabId): void;
  setProduct(index: number): void;
  toggleCollapsed(): void;
  collapse(): void;
  switchDock(): void;
  close(): void;
  moveTo(x: number, y: number): void;
  moveBy(dx: number, dy: number): void;
  startPick(): void;
  cancelPick(): void;
  savePick(currency: string): void;
  forgetPick(): void;
  reanalyse(): void;
  deepCheck(): void;
  loadPlatformData(): void;
  copyJson(): void;
  downloadJson(): void;
  downloadCsv(): void;
}
