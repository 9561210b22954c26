// The own catalog for matching, read from a Shopify or WooCommerce products export with the
// import reader (until the PWA sends it over by sync).
import { readExport } from '../../../core/ingest/index.ts';
import type { CatalogItem } from '../../../core/schema/competitive.ts';

export interface CatalogImport {
  items: CatalogItem[];
  format: string;
  rejected: number;
  /** Sentences for the user: rows skipped, file-level warnings. */
  notes: string[];
}

/** Reads a products export into catalog items (one per SKU, variant title appended). */
export async function catalogFromExport(
  bytes: Uint8Array,
  fileName: string,
): Promise<CatalogImport> {
  const reading = await readExport(bytes);
  const products = reading.products ?? [];
  if (products.length === 0)
    throw new Error(
      `${fileName} has no products Storelens can read (it looks like a “${reading.format}” file). Export products from Shopify (Products → Export) or WooCommerce (Products → Export) and try again.`,
    );
  const now = Date.now();
  const bySku = new Map<string, CatalogItem>();
  for (const p of products) {
    bySku.set(p.sku, {
      sku: p.sku,
      title:
        p.variantTitle && p.variantTitle !== 'Default Title'
          ? `${p.title} – ${p.variantTitle}`
          : p.title,
      gtin: p.barcode,
      mpn: '',
      brand: p.vendor,
      currency: p.currency,
      price: p.price,
      onHand: p.onHand,
      daysOfCover: null,
      updatedAt: now,
    });
  }
  const notes = [...reading.warnings];
  if (reading.rejected > 0) {
    const first = reading.errors[0];
    notes.push(
      `${reading.rejected} row${reading.rejected === 1 ? ' was' : 's were'} skipped${first ? ` (first: row ${first.row}, ${first.message})` : ''}.`,
    );
  }
  return { items: [...bySku.values()], format: reading.format, rejected: reading.rejected, notes };
}
