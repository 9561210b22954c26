/**
 * Merging a bundle into what is stored: idempotent (twice = once), order-independent, last writer
 * wins per record by `updatedAt`, and a deletion (tombstone) wins over an update of the same time
 * or older. Ties between different records of the same time are broken by content, so every
 * device reaches the same state whatever order bundles arrive in.
 */
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
      else counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return { records: [...byKey.values()], counts, replaced, addedKeys };
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
    settings?: unknown;
  };
  /** Nothing would change. */
  noop: boolean;
}

/**
 * Plans a bundle's merge into the current state without writing anything: the user sees the
 * counts (add, update, delete) before confirming, and the plan carries what undo needs.
 */
export function planBundle(current: SyncState, bundle: Bundle): BundlePlan {
  const next = { ...current } as SyncState;
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
    const take = !cur || wins(cur, s);
    counts.settings = {
      added: cur ? 0 : 1,
      updated: cur && take ? 1 : 0,
      deleted: 0,
      unchanged: take ? 0 : 1,
    };
    if (take) {
      undo.settings = cur ?? null;
      next.settings = s;
      noop = false;
    }
  }
  return { counts, next, undo, noop };
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
  if ('settings' in undo) out.settings = (undo.settings ?? undefined) as SyncState['settings'];
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
