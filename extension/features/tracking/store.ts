// The tracking feature's records in the extension database (background-owned): tracked products,
// their check state, matches, the recent-changes list, the notification log and settings.
import {
  appendSnapshots,
  getExtSetting,
  openExtDb,
  readSnapshots,
  setExtSetting,
  type ExtDb,
} from '../../../core/db/ext.ts';
import { snapshotColumns, tableFromRows } from '../../../core/schema/columns.ts';
import type { Match, PriceSnapshot, TrackedProduct } from '../../../core/schema/competitive.ts';
import { INITIAL_CHECK_STATE, type CheckState } from '../../../core/tracking/index.ts';
import {
  DEFAULT_TRACKING_SETTINGS,
  type ChangeEntry,
  type NotificationEntry,
  type TrackingSettings,
} from './types.ts';

const CHECK_PREFIX = 'tracking.check:';
const SETTINGS_KEY = 'tracking.settings';
const CHANGES_KEY = 'tracking.changes';
const NOTIFICATIONS_KEY = 'tracking.notifications';
const MAX_CHANGES = 300;
const MAX_NOTIFICATIONS = 100;

let dbPromise: Promise<ExtDb> | null = null;

/** The extension database, opened once per context. */
export function trackingDb(): Promise<ExtDb> {
  dbPromise ??= openExtDb({ onVersionChange: () => (dbPromise = null) });
  return dbPromise;
}

// Read-modify-write records (lists, settings) are updated one at a time so parallel domain
// workers of a re-check never overwrite each other's entries.
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = chain.then(task, task);
  chain = run.catch(() => undefined);
  return run;
}

/** Tracked products that are not deleted. */
export async function listTracked(db: ExtDb): Promise<TrackedProduct[]> {
  return (await db.getAll('trackedProducts')).filter((p) => !p.deleted);
}

export function putTracked(db: ExtDb, p: TrackedProduct): Promise<string> {
  return db.put('trackedProducts', p);
}

/** Re-check bookkeeping of every product, by id. */
export async function checkStates(db: ExtDb): Promise<Map<string, CheckState>> {
  const range = IDBKeyRange.bound(CHECK_PREFIX, `${CHECK_PREFIX}\uffff`);
  const out = new Map<string, CheckState>();
  for (const r of await db.getAll('settings', range))
    out.set(r.key.slice(CHECK_PREFIX.length), {
      ...INITIAL_CHECK_STATE,
      ...(r.value as CheckState),
    });
  return out;
}

export function putCheckState(db: ExtDb, id: string, s: CheckState): Promise<void> {
  return setExtSetting(db, CHECK_PREFIX + id, s);
}

export async function deleteCheckState(db: ExtDb, id: string): Promise<void> {
  await db.delete('settings', CHECK_PREFIX + id);
}

/** The user's tracking settings with defaults filled in. */
export async function getSettings(db: ExtDb): Promise<TrackingSettings> {
  const stored = await getExtSetting<Partial<TrackingSettings>>(db, SETTINGS_KEY, {});
  return {
    ...DEFAULT_TRACKING_SETTINGS,
    ...stored,
    thresholds: { ...DEFAULT_TRACKING_SETTINGS.thresholds, ...(stored.thresholds ?? {}) },
  };
}

function clamp(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

/** Merges a settings change, keeping every value in a sane range. */
export function updateSettings(
  db: ExtDb,
  change: Partial<TrackingSettings>,
): Promise<TrackingSettings> {
  return serial(async () => {
    const cur = await getSettings(db);
    const t = { ...cur.thresholds, ...(change.thresholds ?? {}) };
    const next: TrackingSettings = {
      intervalHours: clamp(change.intervalHours, 1, 24 * 30, cur.intervalHours),
      thresholds: {
        mode: t.mode === 'amount' ? 'amount' : 'percent',
        value: clamp(t.value, 0, 1e6, cur.thresholds.value),
        direction: t.direction === 'up' || t.direction === 'down' ? t.direction : 'both',
        stock: t.stock !== false,
      },
      rates: change.rates === undefined ? cur.rates : cleanRates(change.rates),
      // No lower bound beyond 0: only tests and the bench set it (the options page does not offer it).
      spacingMs: clamp(change.spacingMs, 0, 600_000, cur.spacingMs),
      timeoutMs: clamp(change.timeoutMs, 500, 120_000, cur.timeoutMs),
    };
    await setExtSetting(db, SETTINGS_KEY, next);
    return next;
  });
}

function cleanRates(r: TrackingSettings['rates']): TrackingSettings['rates'] {
  if (!r || typeof r.base !== 'string' || !/^[A-Z]{3}$/.test(r.base)) return null;
  const rates: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.rates ?? {}))
    if (/^[A-Z]{3}$/.test(k) && typeof v === 'number' && v > 0 && Number.isFinite(v)) rates[k] = v;
  return { base: r.base, rates };
}

/** Appends snapshots (a check's results) to the columnar history. */
export async function addSnapshots(db: ExtDb, snaps: PriceSnapshot[]): Promise<void> {
  if (snaps.length === 0) return;
  await appendSnapshots(
    db,
    tableFromRows(
      snapshotColumns,
      snaps.map((s) => ({ ...s, currency: s.currency ?? '', error: s.error ?? '' })),
    ),
  );
}

export { readSnapshots };

/** Recent changes, newest first. */
export function recentChanges(db: ExtDb): Promise<ChangeEntry[]> {
  return getExtSetting<ChangeEntry[]>(db, CHANGES_KEY, []);
}

export function addChanges(db: ExtDb, entries: ChangeEntry[]): Promise<void> {
  if (entries.length === 0) return Promise.resolve();
  return serial(async () => {
    const cur = await recentChanges(db);
    await setExtSetting(
      db,
      CHANGES_KEY,
      [...entries.slice().reverse(), ...cur].slice(0, MAX_CHANGES),
    );
  });
}

export function notificationLog(db: ExtDb): Promise<NotificationEntry[]> {
  return getExtSetting<NotificationEntry[]>(db, NOTIFICATIONS_KEY, []);
}

export function addNotification(db: ExtDb, n: NotificationEntry): Promise<void> {
  return serial(async () => {
    const cur = await notificationLog(db);
    await setExtSetting(db, NOTIFICATIONS_KEY, [n, ...cur].slice(0, MAX_NOTIFICATIONS));
  });
}

/** Matches of one tracked product (all statuses). */
export function matchesOf(db: ExtDb, trackedProductId: string): Promise<Match[]> {
  return db.getAllFromIndex('matches', 'byTracked', trackedProductId);
}
