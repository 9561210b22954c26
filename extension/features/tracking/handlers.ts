// The tracking feature's messages (`tracking:`), each with the senders it answers. A content script
// runs inside pages Storelens does not control, so a hostile page can send anything a content
// script can; the page reader needs none of these (the side panel tracks and shows the tracking),
// so every one answers extension pages only: the watchlist, settings, the own catalog, matches,
// check-now and notifications never reach a page.
import { z } from '../../../core/schema/common.ts';
import { catalogItemSchema, type CatalogItem } from '../../../core/schema/competitive.ts';
import { handler } from '../messages.ts';
import { hasPermission, openGrantPage, overview, pageTracking, round } from './background.ts';
import { trackInputSchema, type TrackResult } from './messages.ts';
import { replaceCatalogAndRematch, setPaused, trackProduct } from './service.ts';
import {
  deleteCheckState,
  getSettings,
  listTracked,
  notificationLog,
  trackingDb,
  updateSettings,
} from './store.ts';
import type { TrackingSettings } from './types.ts';

const MAX_IDS = 1000;
const ids = z
  .array(z.string().max(500))
  .transform((a) => a.slice(0, MAX_IDS))
  .catch([]);

export const trackingHandlers = {
  /** Side panel → background: start tracking the product (or chosen variants) it shows. */
  'tracking:track': handler({
    from: ['extension'],
    input: z.object({ input: trackInputSchema }),
    invalid: 'Storelens could not read this product’s address; reload the page and try again.',
    run: async ({ input }): Promise<TrackResult> => {
      const db = await trackingDb();
      const products = await trackProduct(db, input, Date.now());
      const origin = new URL(input.url).origin;
      const permitted = await hasPermission(origin);
      // The permission prompt needs a click on the page that asks for it: the Competitors page.
      if (!permitted) await openGrantPage(origin);
      return { ok: true, ids: products.map((p) => p.id), permitted, origin };
    },
  }),
  /** Side panel → background: tracking state and history of the page it shows. */
  'tracking:page': handler({
    from: ['extension'],
    input: z.object({ url: z.string().max(4000) }),
    run: ({ url }) => pageTracking(url),
  }),
  /** Competitors page → background: stop tracking and forget the history of these products. */
  'tracking:untrack': handler({
    from: ['extension'],
    input: z.object({ ids }),
    run: async ({ ids }) => {
      const db = await trackingDb();
      const now = Date.now();
      for (const id of ids) {
        const p = await db.get('trackedProducts', id);
        if (!p) continue;
        // A tombstone, so sync removes it elsewhere too; its snapshots stay in the history table.
        await db.put('trackedProducts', { ...p, deleted: true, paused: true, updatedAt: now });
        await deleteCheckState(db, id);
      }
      return { ok: true as const };
    },
  }),
  /** Competitors page → background: pause or resume re-checks (resuming also clears a stop after 4xx). */
  'tracking:pause': handler({
    from: ['extension'],
    input: z.object({ ids, paused: z.boolean() }),
    run: async ({ ids, paused }) => {
      await setPaused(await trackingDb(), ids, paused, Date.now());
      return { ok: true as const };
    },
  }),
  /** Competitors page / side panel → background: everything the list needs except snapshots. */
  'tracking:overview': handler({ from: ['extension'], run: () => overview() }),
  /** Competitors page / tests → background: re-check now (all, or these products), due or not. */
  'tracking:check-now': handler({
    from: ['extension'],
    input: z.object({ ids: ids.optional() }),
    run: async ({ ids }) => round(ids ?? (await listTracked(await trackingDb())).map((p) => p.id)),
  }),
  /** Options → background. */
  'tracking:get-settings': handler({
    from: ['extension'],
    run: async () => getSettings(await trackingDb()),
  }),
  'tracking:set-settings': handler({
    from: ['extension'],
    // updateSettings keeps only well-formed fields.
    input: z.object({
      settings: z.custom<Partial<TrackingSettings>>((v) => typeof v === 'object' && v !== null),
    }),
    run: async ({ settings }) => updateSettings(await trackingDb(), settings),
  }),
  /** Options → background: replace the own catalog (from a products export) and re-match. */
  'tracking:replace-catalog': handler({
    from: ['extension'],
    input: z.object({ items: z.array(z.custom<CatalogItem>()).max(200_000) }),
    run: async ({ items }) => {
      const valid: CatalogItem[] = [];
      for (const raw of items) {
        const r = catalogItemSchema.safeParse(raw);
        if (r.success) valid.push(r.data);
      }
      await replaceCatalogAndRematch(await trackingDb(), valid, Date.now());
      return { ok: true as const, count: valid.length };
    },
  }),
  /** Competitors page → background: confirm or reject a proposed match, or match by hand. */
  'tracking:set-match': handler({
    from: ['extension'],
    input: z.object({
      trackedProductId: z.string().min(1).max(500),
      sku: z.string().min(1).max(500),
      status: z.enum(['confirmed', 'rejected']),
    }),
    run: async ({ trackedProductId, sku, status }) => {
      const db = await trackingDb();
      const id = `${trackedProductId}:${sku}`;
      const existing = await db.get('matches', id);
      await db.put('matches', {
        id,
        trackedProductId,
        sku,
        method: existing?.method ?? 'manual',
        score: existing?.score ?? 1,
        status,
        updatedAt: Date.now(),
        deleted: false,
      });
      return { ok: true as const };
    },
  }),
  /** Tests / Competitors page → background: the notifications Storelens requested. */
  'tracking:notifications': handler({
    from: ['extension'],
    run: async () => notificationLog(await trackingDb()),
  }),
};
