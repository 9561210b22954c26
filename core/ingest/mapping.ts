import { normHeader } from './header.ts';
import { MAPPABLE_FIELDS } from './formats/generic.ts';

export type MappingEntity = 'order' | 'product' | 'traffic' | 'spend';

/** "InvoiceNo" → "Invoice No", "CustomerID" → "Customer ID" (CamelCase headers). */
function uncamel(s: string): string {
  return s.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function tokens(s: string): string[] {
  return normHeader(uncamel(s))
    .replace(/[_\-./()#]+/g, ' ')
    .split(' ')
    .filter((t) => t !== '');
}

/** A column of pictures ("Product image URL", "Image Src", "Variant image"). */
function isImageColumn(header: string): boolean {
  return tokens(header).some((t) => /^(image|images|img|photo|photos|picture|thumbnail)$/.test(t));
}

/** How alike a header cell is to a field synonym, 0..1 (exact 1; token overlap otherwise). */
function similarity(header: string, synonym: string): number {
  const h = normHeader(header);
  if (h === synonym) return 1;
  const a = tokens(header);
  const b = tokens(synonym);
  if (a.join(' ') === b.join(' ')) return 0.95;
  const setA = new Set(a);
  const common = b.filter((t) => setA.has(t)).length;
  if (common === 0) return 0;
  return (0.8 * common) / Math.max(a.length, b.length);
}

/**
 * Suggests a column mapping for a generic CSV: for each field of the entity, the best-matching
 * header column (each column used once, best matches first). Without `entity`, the entity whose
 * required fields match best is chosen. Returns field → header name.
 */
export function suggestMapping(
  header: readonly string[],
  entity?: MappingEntity,
): Record<string, string> {
  const entities: MappingEntity[] = entity ? [entity] : ['order', 'product', 'traffic', 'spend'];
  let best: Record<string, string> = {};
  let bestScore = -1;
  for (const e of entities) {
    const candidates: { field: string; col: number; score: number }[] = [];
    for (const [field, synonyms] of Object.entries(MAPPABLE_FIELDS)) {
      const fieldEntity = field.split('.')[0];
      if (fieldEntity !== e && !(e === 'order' && fieldEntity === 'line')) continue;
      header.forEach((h, col) => {
        // No field holds a picture: "Product image URL" is not the product's URL.
        if (isImageColumn(h)) return;
        const score = Math.max(...synonyms.map((s) => similarity(h, s)));
        if (score >= 0.5) candidates.push({ field, col, score });
      });
    }
    candidates.sort((a, b) => b.score - a.score);
    const usedCols = new Set<number>();
    const mapping: Record<string, string> = {};
    let score = 0;
    for (const c of candidates) {
      if (usedCols.has(c.col) || c.field in mapping) continue;
      mapping[c.field] = header[c.col]!;
      usedCols.add(c.col);
      score += c.score;
    }
    if (score > bestScore) {
      bestScore = score;
      best = mapping;
    }
  }
  return best;
}

/**
 * A stable key for a header row (order-insensitive, case/space-insensitive), so a mapping saved
 * for one file is offered again for the next file with the same columns.
 */
export function headerSignature(header: readonly string[]): string {
  const names = header
    .map(normHeader)
    .filter((h) => h !== '')
    .sort();
  // FNV-1a over the joined names; the column count keeps near-collisions apart visibly.
  let h = 0x811c9dc5;
  const s = names.join('\u0000');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `h${names.length}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}
