// Exchange rates as the user types them in the options: one "EUR 1.08" per line.

/** Parses "EUR 1.08" lines; returns the rates or the first line it could not read. */
export function parseRates(text: string): { rates: Record<string, number> } | { error: string } {
  const rates: Record<string, number> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const m = /^([A-Za-z]{3})\s*[=:]?\s*(\d+(?:[.,]\d+)?)$/.exec(line);
    const v = m ? Number(m[2]!.replace(',', '.')) : NaN;
    if (!m || !(v > 0))
      return {
        error: `Line ${i + 1} (“${line}”) is not a rate. Write one per line, e.g. “EUR 1.08”.`,
      };
    rates[m[1]!.toUpperCase()] = v;
  }
  return { rates };
}
