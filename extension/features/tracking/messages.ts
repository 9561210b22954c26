// What the overlay sends to track a product: untrusted page data, validated and clamped here.
// The tracking messages themselves are the handlers in ./handlers.ts.
import { z } from '../../../core/schema/common.ts';
import { availability } from '../../../core/schema/competitive.ts';

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

export type TrackResult = { ok: true; ids: string[]; permitted: boolean; origin: string };
