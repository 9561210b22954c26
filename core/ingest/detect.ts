import { hasColumn, normHeader } from './header.ts';
import { FORMAT_LIST, type FormatId, type ImportFormat } from './registry.ts';

export { FORMAT_IDS, type FormatId } from './registry.ts';
export { normHeader };

/**
 * Which export a header row belongs to, among `formats` (the registry unless told otherwise).
 * Confidence is 0..1: 1 when every required and typical column is there; a format counts only
 * when all its required columns are present. Falls back to `generic` with confidence 0.
 */
export function detectFormat(header: readonly string[]): { format: FormatId; confidence: number };
export function detectFormat<F extends string>(
  header: readonly string[],
  formats: readonly ImportFormat<F>[],
): { format: F | 'generic'; confidence: number };
export function detectFormat(
  header: readonly string[],
  formats: readonly ImportFormat[] = FORMAT_LIST,
): { format: string; confidence: number } {
  const set = new Set(header.map(normHeader));
  let best = { format: 'generic', confidence: 0 };
  for (const f of formats) {
    const sig = f.detect;
    if (!sig || !sig.required.every((r) => hasColumn(set, r))) continue;
    const typical = sig.typical.filter((t) => hasColumn(set, t)).length;
    if (typical < (sig.minTypical ?? 0)) continue;
    // Required columns alone give 0.5; typical ones add the rest. Products beat inventory when
    // both match because they come first and a product export also has Handle/Title/SKU-like columns.
    const confidence = 0.5 + (0.5 * typical) / Math.max(1, sig.typical.length);
    if (confidence > best.confidence) best = { format: f.id, confidence };
  }
  return best;
}

/**
 * The required columns of `format` that `header` lacks (empty when it has them all); the currency
 * column counts as there when the user confirmed the file's currency (`currencyConfirmed`).
 */
export function missingColumns(
  format: ImportFormat,
  header: readonly string[],
  currencyConfirmed = false,
): string[] {
  const set = new Set(header.map(normHeader));
  return format.requiredColumns
    .filter((c) => !(c.currency && currencyConfirmed))
    .filter((c) => !hasColumn(set, c.name) && !(c.also ?? []).some((a) => hasColumn(set, a)))
    .map((c) => c.name);
}

/** True when `header` lacks the currency column `format` needs: the user must confirm one. */
export function needsFileCurrency(format: ImportFormat, header: readonly string[]): boolean {
  const set = new Set(header.map(normHeader));
  return format.requiredColumns.some((c) => c.currency && !hasColumn(set, c.name));
}
