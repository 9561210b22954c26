/**
 * Usage, quota and persistence of the origin's storage (shown in Settings). The browser may evict
 * non-persistent storage under pressure, so the app asks for persistence after the first import.
 */

/** The part of `navigator.storage` used here; tests pass their own. */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export interface StorageInfo {
  /** Bytes used by this origin, or null when the browser does not say. */
  usage: number | null;
  /** Bytes this origin may use, or null when the browser does not say. */
  quota: number | null;
  /** True when the browser promised not to evict this origin's data. */
  persisted: boolean;
}

function defaultManager(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

/** Usage, quota and whether storage is persistent. */
export async function storageInfo(
  storage: StorageManagerLike | undefined = defaultManager(),
): Promise<StorageInfo> {
  const [estimate, persisted] = await Promise.all([
    storage?.estimate?.().catch(() => ({})) ?? Promise.resolve({}),
    storage?.persisted?.().catch(() => false) ?? Promise.resolve(false),
  ]);
  const e = estimate as { usage?: number; quota?: number };
  return { usage: e.usage ?? null, quota: e.quota ?? null, persisted };
}

/** Asks the browser to keep this origin's data; true when granted (or already persistent). */
export async function requestPersistence(
  storage: StorageManagerLike | undefined = defaultManager(),
): Promise<boolean> {
  if (!storage?.persist) return false;
  if (await storage.persisted?.().catch(() => false)) return true;
  return storage.persist().catch(() => false);
}
