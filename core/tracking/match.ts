// Matching a competitor's product to the manager's own catalog, most certain evidence first:
// GTIN, then SKU or MPN together with the brand, then title similarity (which the user confirms).
import { normalizeGtin } from './gtin.ts';
import { normCode, titleSimilarity } from './text.ts';

/** The competitor product's identifying fields (structurally a TrackedProduct). */
export interface MatchSubject {
  name: string;
  brand?: string;
  sku?: string;
  gtin?: string;
  mpn?: string;
}

/** An own-catalog item's identifying fields (structurally a CatalogItem). */
export interface MatchCandidate {
  sku: string;
  title: string;
  gtin?: string;
  mpn?: string;
  brand?: string;
}

export type MatchMethod = 'gtin' | 'sku' | 'mpn' | 'title';

export interface MatchProposal {
  sku: string;
  method: MatchMethod;
  /** 0..1: 1 for a GTIN, 0.95 for SKU/MPN with the same brand, the title similarity otherwise. */
  score: number;
}

/** Title matches below this score are not proposed at all. */
export const TITLE_MATCH_MIN = 0.5;

function sameBrand(a: string | undefined, b: string | undefined): boolean | null {
  const x = normCode(a ?? '');
  const y = normCode(b ?? '');
  if (!x || !y) return null;
  return x === y || x.startsWith(y) || y.startsWith(x);
}

/**
 * Own products that may be the same article as `subject`, best first (at most `limit`). A GTIN
 * match wins outright; SKU/MPN counts only when brands agree (or one side has none); titles are
 * scored by token similarity, boosted a little when brands agree.
 */
export function proposeMatches(
  subject: MatchSubject,
  catalog: readonly MatchCandidate[],
  limit = 3,
): MatchProposal[] {
  const gtin = normalizeGtin(subject.gtin);
  if (gtin) {
    const hit = catalog.find((c) => normalizeGtin(c.gtin) === gtin);
    if (hit) return [{ sku: hit.sku, method: 'gtin', score: 1 }];
  }
  const sku = normCode(subject.sku ?? '');
  const mpn = normCode(subject.mpn ?? '');
  const byCode: MatchProposal[] = [];
  for (const c of catalog) {
    const brand = sameBrand(subject.brand, c.brand);
    if (brand === false) continue;
    const score = brand === true ? 0.95 : 0.8;
    if (mpn && (normCode(c.mpn ?? '') === mpn || normCode(c.sku) === mpn))
      byCode.push({ sku: c.sku, method: 'mpn', score });
    else if (sku && sku.length >= 4 && normCode(c.sku) === sku)
      byCode.push({ sku: c.sku, method: 'sku', score });
  }
  if (byCode.length > 0) return byCode.sort((a, b) => b.score - a.score).slice(0, limit);
  const byTitle: MatchProposal[] = [];
  for (const c of catalog) {
    let score = titleSimilarity(subject.name, c.title);
    const brand = sameBrand(subject.brand, c.brand);
    if (brand === true) score = Math.min(0.94, score + 0.1);
    else if (brand === false) score *= 0.6;
    if (score >= TITLE_MATCH_MIN)
      byTitle.push({ sku: c.sku, method: 'title', score: Math.round(score * 1000) / 1000 });
  }
  return byTitle.sort((a, b) => b.score - a.score).slice(0, limit);
}
