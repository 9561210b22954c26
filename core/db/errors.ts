/**
 * Named errors of the storage layer. They carry a stable `name` and `code` so callers on the other
 * side of a worker boundary can recognise them without `instanceof`.
 */

/** The browser refused the write because the origin's storage quota is used up. */
export class QuotaError extends Error {
  override readonly name = 'QuotaError';
  readonly code = 'quota-exceeded';
  /** Approximate size of the refused write, in bytes. */
  readonly bytesNeeded: number;

  constructor(bytesNeeded: number, cause?: unknown) {
    const mb = (bytesNeeded / 1e6).toFixed(1);
    super(
      `The browser refused to store ${mb} MB: this site's storage quota is full. ` +
        'Free space on the device or delete old data in Settings, then import again.',
      { cause },
    );
    this.bytesNeeded = bytesNeeded;
  }
}

/** A table handed to the store does not match its columnar spec (missing column, wrong length). */
export class TableShapeError extends Error {
  override readonly name = 'TableShapeError';
  readonly code = 'table-shape';

  constructor(message: string) {
    super(message);
  }
}

/** True when an IndexedDB failure means "out of quota" (the DOMException's name). */
export function isQuotaExceeded(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    'name' in e &&
    ((e as { name: unknown }).name === 'QuotaExceededError' ||
      (e as { name: unknown }).name === 'QuotaError')
  );
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** An import refused before writing: the storage estimate leaves less room than it needs. */
export class StorageSpaceError extends Error {
  override readonly name = 'StorageSpaceError';
  readonly code = 'no-space';
  readonly bytesNeeded: number;
  readonly bytesAvailable: number;

  constructor(bytesNeeded: number, bytesAvailable: number) {
    super(
      `saving it needs about ${mb(bytesNeeded)} of storage and the browser has ${mb(Math.max(0, bytesAvailable))} left for this site. ` +
        'Free space on the device or delete old data in Settings, then import again. Your stored data is unchanged.',
    );
    this.bytesNeeded = bytesNeeded;
    this.bytesAvailable = bytesAvailable;
  }
}
