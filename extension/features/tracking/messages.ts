// Messages of the tracking feature. They use their own `tracking:` prefix so the overlay's
// `storelens:` handler never answers them; each carries only data (page strings are fields).
import { z } from '../../../core/schema/common.ts';
import { availability } from '../../../core/schema/competitive.ts';
import type { CatalogItem } from '../../../core/schema/competitive.ts';
import type { TrackingSettings } from './types.ts';

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.slice(0, max))
    .catch('');
const money = z.number().finite().nonnegative().max(1e12).nullable().catch(null);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .nullable()
  .catch(null);

/** A product as the overlay extracted it from the page: untrusted, so validated and clamped here. */
export const trackInputSchema = z.object({
  url: z.string().url().max(4000),
  platform: text(40),
  name: text(500),
  brand: text(200),
  sku: text(200),
  gtin: text(40),
  mpn: text(200),
  image: text(2000),
  /** Major units as shown on the page, e.g. 129.0. */
  price: money,
  wasPrice: money,
  currency,
  availability: availability.catch('Unknown'),
  /** Variants to track (empty: the product as a whole). */
  variants: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        name: text(200),
        sku: text(200),
        gtin: text(40),
        price: money,
        wasPrice: money,
        currency,
        availability: availability.catch('Unknown'),
      }),
    )
    .max(100)
    .catch([]),
});
export type TrackInput = z.infer<typeof trackInputSchema>;

export type TrackingMessage =
  /** Overlay → background: start tracking the product (or chosen variants) on the sender's page. */
  | { type: 'tracking:track'; input: TrackInput }
  /** Any page → background: stop tracking and forget the history of these products. */
  | { type: 'tracking:untrack'; ids: string[] }
  /** Competitors page → background: pause or resume re-checks (resuming also clears a stop after 4xx). */
  | { type: 'tracking:pause'; ids: string[]; paused: boolean }
  /** Competitors page / popup → background: everything the list needs except snapshots. */
  | { type: 'tracking:overview' }
  /** Overlay → background: tracking state and history of the page in front. */
  | { type: 'tracking:page'; url: string }
  /** Competitors page / tests → background: re-check now (all, or these products), due or not. */
  | { type: 'tracking:check-now'; ids?: string[] }
  /** Options → background. */
  | { type: 'tracking:get-settings' }
  | { type: 'tracking:set-settings'; settings: Partial<TrackingSettings> }
  /** Options → background: replace the own catalog (from a products export) and re-match. */
  | { type: 'tracking:replace-catalog'; items: CatalogItem[] }
  /** Competitors page → background: confirm or reject a proposed match, or match by hand. */
  | {
      type: 'tracking:set-match';
      trackedProductId: string;
      sku: string;
      status: 'confirmed' | 'rejected';
    }
  /** Tests / Competitors page → background: the notifications Storelens requested. */
  | { type: 'tracking:notifications' };

export type TrackResult =
  { ok: true; ids: string[]; permitted: boolean; origin: string } | { ok: false; error: string };

/** True when `m` is a tracking message (by its prefix; the handler validates each field). */
export function isTrackingMessage(m: unknown): m is TrackingMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as { type?: unknown }).type === 'string' &&
    (m as { type: string }).type.startsWith('tracking:')
  );
}
