/** A header cell compared loosely: trimmed, lower case, single spaces, no BOM. */
export function normHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** A header column as a format names it: an exact name (compared loosely) or a pattern on the loose form. */
export type ColumnPattern = string | RegExp;

/** Whether a set of loose header names has a column matching `want`. */
export function hasColumn(set: ReadonlySet<string>, want: ColumnPattern): boolean {
  if (typeof want === 'string') return set.has(normHeader(want));
  for (const h of set) if (want.test(h)) return true;
  return false;
}
