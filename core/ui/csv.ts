/** CSV writing for exports (RFC 4180; formulas neutralised so a spreadsheet never runs page data). */

function cell(v: unknown): string {
  if (v == null || (typeof v === 'number' && Number.isNaN(v))) return '';
  let s = typeof v === 'number' ? String(v) : String(v);
  // A leading =, +, -, @ makes spreadsheets evaluate the cell (CSV injection): prefix a quote,
  // except for plain numbers.
  if (/^[=+\-@\t\r]/.test(s) && !(typeof v === 'number')) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (arrays) with a header → CSV text with CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const out = [header.map(cell).join(',')];
  for (const r of rows) out.push(r.map(cell).join(','));
  return out.join('\r\n') + '\r\n';
}

/** Offers a file for download in the browser. */
export function downloadFile(
  name: string,
  content: BlobPart,
  type = 'text/csv;charset=utf-8',
): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
