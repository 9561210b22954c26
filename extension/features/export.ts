// The analysis as files the manager can keep: JSON (everything) and CSV (one row per product
// and variant, the columns a price sheet needs).
import { toCsv } from '../../core/export/csv.ts';
import { effectivePrice, type OverlayAnalysis } from './analysis-shared.ts';

const CSV_HEADER = [
  'url',
  'platform',
  'product',
  'variant',
  'selected',
  'brand',
  'sku',
  'gtin',
  'mpn',
  'price',
  'was_price',
  'currency',
  'availability',
  'price_source',
  'analysed_at',
] as const;

/** The whole analysis as pretty JSON. */
export function analysisJson(result: OverlayAnalysis): string {
  return JSON.stringify(
    {
      tool: 'Storelens',
      analysedAt: new Date(result.at).toISOString(),
      picked: result.picked,
      platformProducts: result.platformProducts,
      ...result.analysis,
    },
    null,
    2,
  );
}

/** One CSV row per product (and one per variant) with prices and their sources. */
export function analysisCsv(result: OverlayAnalysis): string {
  const { analysis } = result;
  const at = new Date(result.at).toISOString();
  const rows: unknown[][] = [];
  analysis.products.forEach((p, i) => {
    const price = effectivePrice(p, i === 0 ? result.picked : undefined);
    rows.push([
      analysis.url,
      analysis.platform.platform,
      p.name?.value ?? '',
      '',
      '',
      p.brand?.value ?? '',
      p.sku?.value ?? '',
      p.gtin?.value ?? '',
      p.mpn?.value ?? '',
      price?.amount ?? '',
      p.wasPrice?.value ?? '',
      price?.currency ?? '',
      p.availability?.value ?? '',
      price?.source ?? '',
      at,
    ]);
    for (const v of p.variants) {
      rows.push([
        v.url ?? analysis.url,
        analysis.platform.platform,
        p.name?.value ?? '',
        v.name ?? v.options.join(' / '),
        v.id !== undefined && v.id === p.selectedVariantId ? 'yes' : '',
        p.brand?.value ?? '',
        v.sku ?? '',
        v.gtin ?? '',
        '',
        v.price ?? '',
        v.wasPrice ?? '',
        v.currency ?? p.currency?.value ?? '',
        v.availability ?? '',
        v.source,
        at,
      ]);
    }
  });
  return toCsv(CSV_HEADER, rows);
}

/** A file name like "storelens-shop.example-2026-11-27.csv". */
export function exportFileName(url: string, at: number, ext: 'json' | 'csv'): string {
  let host = 'page';
  try {
    host = new URL(url).hostname.replace(/[^\w.-]/g, '') || 'page';
  } catch {
    // keep "page"
  }
  return `storelens-${host}-${new Date(at).toISOString().slice(0, 10)}.${ext}`;
}
