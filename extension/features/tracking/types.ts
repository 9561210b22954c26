// Shapes shared by the tracking feature's background, pages and overlay (all JSON-safe: they
// cross runtime messaging).
import type {
  AlertThresholds,
  CheckState,
  FxRates,
  LandedComparison,
  ProductChange,
} from '../../../core/tracking/index.ts';
import type { OwnPricePoint } from '../../../core/db/ext.ts';
import type { CatalogItem, Match, TrackedProduct } from '../../../core/schema/competitive.ts';

/** The user's tracking choices (options page). */
export interface TrackingSettings {
  /** Hours between re-checks of a product (default 24). */
  intervalHours: number;
  thresholds: AlertThresholds;
  /** User exchange rates for comparisons; null until the user sets some. */
  rates: FxRates | null;
  /** Minimum milliseconds between two requests to one shop. */
  spacingMs: number;
  /** Milliseconds before a request that gets no answer counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_TRACKING_SETTINGS: TrackingSettings = {
  intervalHours: 24,
  thresholds: { mode: 'percent', value: 5, direction: 'both', stock: true },
  rates: null,
  spacingMs: 5000,
  timeoutMs: 20_000,
};

/** A price change kept for the "recent changes" list. */
export interface ChangeEntry extends ProductChange {
  productId: string;
  name: string;
  url: string;
  /** True when a notification was shown for it. */
  notified: boolean;
}

/** A notification Storelens asked the browser to show (kept so the user and tests can see it). */
export interface NotificationEntry {
  id: string;
  at: number;
  productId: string;
  title: string;
  message: string;
}

/** One tracked product as the Competitors page lists it. */
export interface TrackedRow {
  product: TrackedProduct;
  check: CheckState;
  /** When the product is due next (ms), null while paused or stopped. */
  nextDueAt: number | null;
  /** Best match that is not rejected, with the own item it points at. */
  match: { match: Match; item: CatalogItem | null } | null;
  /** Other proposals for the user to confirm or reject. */
  proposals: { match: Match; item: CatalogItem | null }[];
}

export interface DomainRow {
  domain: string;
  origin: string;
  /** Whether Storelens may fetch this shop's pages for re-checks. */
  permitted: boolean;
  products: number;
}

export interface TrackingOverview {
  rows: TrackedRow[];
  domains: DomainRow[];
  changes: ChangeEntry[];
  settings: TrackingSettings;
  running: boolean;
}

/** What the overlay shows for the page in front. */
export interface PageTracking {
  tracked: {
    product: TrackedProduct;
    check: CheckState;
    /** Columns for the chart: UTC seconds and minor units (null for failed checks). */
    x: number[];
    price: (number | null)[];
    wasPrice: (number | null)[];
    inStock: (number | null)[];
    currency: string | null;
    match: { match: Match; item: CatalogItem | null } | null;
    comparison: LandedComparison | null;
    comparisonError: string | null;
    /** The matched own product's recorded prices, oldest first (empty when not matched). */
    ownHistory: OwnPricePoint[];
  }[];
  permitted: boolean;
  origin: string;
  /** The user's exchange rates, to draw the own price in their currency. */
  rates: FxRates | null;
}

/** Result of a re-check round. */
export interface CheckReport {
  checked: number;
  failed: number;
  skipped: number;
  changes: ChangeEntry[];
}
