import { toCsv } from '../export/csv.ts';

/** A problem with one row of an import: 1-based file row (the header is row 1), column, what to fix. */
export interface RowError {
  row: number;
  column?: string;
  message: string;
}

export type IngestErrorCode =
  | 'empty'
  | 'binary'
  | 'spreadsheet'
  | 'gzip'
  | 'too-large'
  | 'no-header'
  | 'duplicate-header'
  | 'wrong-format'
  | 'unknown-format'
  | 'missing-columns'
  | 'bad-json'
  | 'record-too-large'
  | 'bad-option';

/**
 * A file that cannot be imported at all. Carries a stable `name` and `code` so it can be
 * recognised after crossing a worker boundary, where `instanceof` no longer works.
 */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True for an IngestError, also one that was cloned across a worker boundary. */
export function isIngestError(
  e: unknown,
): e is { name: 'IngestError'; code: IngestErrorCode; message: string } {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'IngestError';
}

/** The user-facing sentence for a row error: "Row 14: 'Paid at' is not a date ...". */
export function formatRowError(e: RowError): string {
  return `Row ${e.row}: ${e.message}`;
}

/** The rejected rows as a downloadable CSV (file, row, column, problem), UTF-8 with BOM for Excel. */
export function errorsToCsv(errors: readonly RowError[], fileName: string): string {
  return toCsv(
    ['File', 'Row', 'Column', 'Problem'],
    errors.map((e) => [fileName, e.row, e.column ?? '', e.message]),
    { bom: true },
  );
}
