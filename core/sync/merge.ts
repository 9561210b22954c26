/**
 * Merging a bundle into what is stored: idempotent (twice = once), order-independent, last writer
 * wins per record by `updatedAt`, and a deletion (tombstone) wins over an update of the same time
 * or older. Ties between different records of the same time are broken by content, so every
 * device reaches the same state whatever order bundles arrive in.
 */
import type { Settings } from '../schema/store.ts';
import type { Bundle, BundleEntities } from './bundle.ts';

export interface MergeCounts {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export interface MergeResult<T> {
  records: T[];
  counts: MergeCounts;
  /** The stored records that this merge replaced (for undo), by key. */
  replaced: T[];
  /** Keys this merge added (for undo: remove them). */
  addedKeys: string[];
}

interface Versioned {
  updatedAt?: number;
  deleted?: boolean;
}

/** Stable JSON (sorted keys) for deterministic tie-breaks and equality. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** True when two versions of a record hold the same values, whatever their time stamps. */
export function sameContent(a: Versioned, b: Versioned): boolean {
  const { updatedAt: _a, ...ra } = a;
  const { updatedAt: _b, ...rb } = b;
  return stableJson(ra) === stableJson(rb);
}

/** True when `b` should replace `a` (last writer wins; deletion wins ties; content breaks ties). */
export function wins(a: Versioned, b: Versioned): boolean {
  const ta = a.updatedAt ?? 0;
  const tb = b.updatedAt ?? 0;
  if (tb !== ta) return tb > ta;
  if (!!b.deleted !== !!a.deleted) return !!b.deleted;
  return stableJson(b) > stableJson(a);
}

/** Merges incoming records into current ones by key with last-writer-wins. */
export function mergeRecords<T extends Versioned>(
  current: readonly T[],
  incoming: readonly T[],
  keyOf: (t: T) => string,
): MergeResult<T> {
  const byKey = new Map<string, T>();
  for (const c of current) byKey.set(keyOf(c), c);
  const counts: MergeCounts = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
  const replaced: T[] = [];
  const addedKeys: string[] = [];
  // Within one bundle, the winner among duplicates is decided the same way.
  const best = new Map<string, T>();
  for (const r of incoming) {
    const k = keyOf(r);
    const prev = best.get(k);
    if (!prev || wins(prev, r)) best.set(k, r);
  }
  for (const [k, r] of best) {
    const cur = byKey.get(k);
    if (!cur) {
      byKey.set(k, r);
      addedKeys.push(k);
      if (r.deleted) counts.deleted++;
      else counts.added++;
    } else if (wins(cur, r)) {
      byKey.set(k, r);
      replaced.push(cur);
      if (r.deleted && !cur.deleted) counts.deleted++;
      // The same record with a newer stamp (a store sync stamps every product it reads) is taken,
      // so every device keeps the same stamp, but nothing the user sees changed.
      else if (sameContent(cur, r)) counts.unchanged++;
      else counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return { records: [...byKey.values()], counts, replaced, addedKeys };
}

/**
 * Settings that belong to this device and never travel in a bundle: whether the demo store is
 * loaded, the keep-emails opt-in, the customer-key salt and the display locale. A bundle's values
 * for them are ignored whatever its time stamp.
 */
export const DEVICE_SETTINGS = ['demo', 'keepEmails', 'salt', 'locale'] as const;
/**
 * Settings shared between devices: merged last-writer-wins as one record. `costs` (the profit
 * view's fee rates per gateway, shipping rules and weight bands, fixed costs, default margins)
 * travels too, so both devices show the same profit.
 */
export const SHARED_SETTINGS = [
  'timezone',
  'currency',
  'fxRates',
  'refundDating',
  'costs',
] as const;

export type LocalSettings = Pick<Settings, 'demo' | 'keepEmails' | 'salt'> & { locale?: string };
export type SharedSettings = Pick<Settings, (typeof SHARED_SETTINGS)[number] | 'updatedAt'>;

const DEVICE_DEFAULTS: LocalSettings = { demo: false, keepEmails: false, salt: '' };

/** The shared part of settings, with its time stamp. */
export function sharedSettingsOf(s: Settings): SharedSettings {
  return {
    timezone: s.timezone,
    currency: s.currency,
    fxRates: s.fxRates,
    refundDating: s.refundDating,
    // Absent (not undefined) when never set, so equal settings compare equal.
    ...(s.costs !== undefined && { costs: s.costs }),
    updatedAt: s.updatedAt,
  };
}

/** The device part of settings. */
export function localSettingsOf(s: Settings): LocalSettings {
  return {
    demo: s.demo,
    keepEmails: s.keepEmails,
    salt: s.salt,
    ...(s.locale !== undefined && { locale: s.locale }),
  };
}

/** One shared setting a bundle changes: `from` is null when this device had no settings. */
export interface SettingChange {
  field: (typeof SHARED_SETTINGS)[number];
  from: string | null;
  to: string;
}

function settingText(field: SettingChange['field'], s: SharedSettings): string {
  if (field === 'fxRates') {
    return s.fxRates.length === 0
      ? 'none'
      : s.fxRates
          .map((r) => `${r.from} ${r.month} ${r.rate}`)
          .sort()
          .join(', ');
  }
  // The costs are compared as a whole; the preview names them in one phrase.
  if (field === 'costs') return s.costs ? stableJson(s.costs) : 'none';
  return String(s[field]);
}

/**
 * Merges a bundle's settings into this device's: the shared fields last-writer-wins (as one
 * record, ties broken by content), the device fields always this device's (`local` when it has no
 * settings yet). Returns whether anything shared changes and what.
 */
export function mergeSettings(
  cur: Settings | undefined,
  incoming: Settings,
  local: LocalSettings = DEVICE_DEFAULTS,
): { take: boolean; settings: Settings; changes: SettingChange[] } {
  const have = cur ? sharedSettingsOf(cur) : null;
  // A bundle without profit costs (format 2, or a device that never set any) keeps this device's.
  const inc = sharedSettingsOf(
    incoming.costs === undefined && have?.costs ? { ...incoming, costs: have.costs } : incoming,
  );
  const { updatedAt: _a, ...incBody } = inc;
  const haveBody = have ? (({ updatedAt: _b, ...rest }) => rest)(have) : null;
  const same = !!haveBody && stableJson(haveBody) === stableJson(incBody);
  const take = !same && (!have || wins(have, inc));
  const base: LocalSettings = cur ? localSettingsOf(cur) : local;
  // The month reports' notes are this device's writing: a bundle's settings never drop them.
  const notes = cur?.reportNotes !== undefined && { reportNotes: cur.reportNotes };
  const settings = take ? ({ ...base, ...inc, ...notes } as Settings) : cur!;
  const changes: SettingChange[] = [];
  if (take) {
    for (const field of SHARED_SETTINGS) {
      const to = settingText(field, inc);
      if (!have) {
        // A first settings record: name the zone and currency, and the rest only when not default.
        const shown =
          field === 'timezone' ||
          field === 'currency' ||
          (field === 'fxRates' && inc.fxRates.length > 0) ||
          (field === 'refundDating' && inc.refundDating !== 'refund') ||
          (field === 'costs' && inc.costs !== undefined);
        if (shown) changes.push({ field, from: null, to });
        continue;
      }
      const from = settingText(field, have);
      if (from !== to) changes.push({ field, from, to });
    }
  }
  // Profit costs set on the other device reach one that never set any, even when this device's
  // settings are newer (an import here stamped them): otherwise the two would show different profit.
  if (!take && cur && have && have.costs === undefined && inc.costs !== undefined) {
    return {
      take: true,
      settings: { ...cur, costs: inc.costs },
      changes: [{ field: 'costs', from: null, to: settingText('costs', inc) }],
    };
  }
  return { take, settings, changes };
}

/** What is stored on one side, in bundle terms. */
export type SyncState = Required<Omit<BundleEntities, 'settings' | 'tables'>> & {
  settings?: BundleEntities['settings'];
};

export const entityKeys = {
  trackedProducts: (t: { id: string }) => t.id,
  audits: (t: { id: string }) => t.id,
  matches: (t: { id: string }) => t.id,
  catalog: (t: { sku: string }) => t.sku,
  products: (t: { sku: string }) => t.sku,
  experiments: (t: { id: string }) => t.id,
  targets: (t: { id: string }) => t.id,
  snapshots: (t: { productId: string; at: number }) => `${t.productId}@${t.at}`,
} as const;

export type RecordEntity = keyof typeof entityKeys;
export const recordEntities = Object.keys(entityKeys) as RecordEntity[];

export interface BundlePlan {
  counts: Partial<Record<RecordEntity | 'settings', MergeCounts>>;
  next: SyncState;
  /** Per entity, the records replaced and keys added: enough to undo the merge. */
  undo: { [E in RecordEntity]?: { replaced: unknown[]; addedKeys: string[] } } & {
    /** The shared settings the merge replaced, or null when this device had none. */
    settings?: SharedSettings | null;
  };
  /** Nothing would change. */
  noop: boolean;
  /** The shared settings that would change, field by field (for the preview's words). */
  settingsChanges: SettingChange[];
}

/**
 * Plans a bundle's merge into the current state without writing anything: the user sees the
 * counts (add, update, delete) before confirming, and the plan carries what undo needs.
 */
export function planBundle(
  current: SyncState,
  bundle: Bundle,
  opts: { localSettings?: LocalSettings } = {},
): BundlePlan {
  const next = { ...current } as SyncState;
  const settingsChanges: SettingChange[] = [];
  const counts: BundlePlan['counts'] = {};
  const undo: BundlePlan['undo'] = {};
  let noop = true;
  for (const e of recordEntities) {
    const incoming = bundle.entities[e] as Versioned[] | undefined;
    if (!incoming?.length) continue;
    const res = mergeRecords(
      current[e] as Versioned[],
      incoming,
      entityKeys[e] as (t: Versioned) => string,
    );
    (next as Record<string, unknown>)[e] = res.records;
    counts[e] = res.counts;
    undo[e] = { replaced: res.replaced, addedKeys: res.addedKeys };
    if (res.counts.added || res.counts.updated || res.counts.deleted) noop = false;
  }
  const s = bundle.entities.settings;
  if (s) {
    const cur = current.settings;
    const res = mergeSettings(cur, s, opts.localSettings);
    counts.settings = {
      added: !cur && res.take ? 1 : 0,
      updated: cur && res.take ? 1 : 0,
      deleted: 0,
      unchanged: res.take ? 0 : 1,
    };
    if (res.take) {
      undo.settings = cur ? sharedSettingsOf(cur) : null;
      next.settings = res.settings;
      settingsChanges.push(...res.changes);
      noop = false;
    }
  }
  return { counts, next, undo, noop, settingsChanges };
}

/** Reverts a merge: puts back the replaced records and removes the added ones. */
export function undoPlan(state: SyncState, undo: BundlePlan['undo']): SyncState {
  const out = { ...state } as SyncState;
  for (const e of recordEntities) {
    const u = undo[e];
    if (!u) continue;
    const keyOf = entityKeys[e] as (t: unknown) => string;
    const drop = new Set(u.addedKeys);
    const back = new Map(u.replaced.map((r) => [keyOf(r), r]));
    (out as Record<string, unknown>)[e] = (state[e] as unknown[])
      .filter((r) => !drop.has(keyOf(r)))
      .map((r) => back.get(keyOf(r)) ?? r);
  }
  if ('settings' in undo) {
    const prev = undo.settings;
    if (!prev) delete out.settings;
    // Only the shared fields go back: the device's own (salt, opt-ins) stay as they are now.
    else if (state.settings) {
      out.settings = { ...state.settings, ...prev };
      // Profit costs the bundle brought to a device that had none go with it.
      if (prev.costs === undefined) delete out.settings.costs;
    } else out.settings = { ...DEVICE_DEFAULTS, ...prev } as Settings;
  }
  return out;
}

/** The empty state. */
export function emptySyncState(): SyncState {
  return {
    trackedProducts: [],
    snapshots: [],
    audits: [],
    matches: [],
    catalog: [],
    products: [],
    experiments: [],
    targets: [],
  };
}

/** Records the user should see (tombstones hidden). */
export function live<T extends Versioned>(records: readonly T[]): T[] {
  return records.filter((r) => !r.deleted);
}
