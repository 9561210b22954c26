// The tracking feature's background logic over the extension database: start tracking, run a
// re-check round (due products, grouped so one request serves all variants of a product, polite
// per domain), record every outcome as a snapshot, detect changes and raise alerts, and keep
// matches with the own catalog. Browser APIs come in through `TrackingDeps`.
import type { ExtractedProduct } from '../../../core/page/types.ts';
import type {
  CatalogItem,
  Match,
  PriceSnapshot,
  TrackedProduct,
} from '../../../core/schema/competitive.ts';
import {
  DEFAULT_QUEUE,
  HOUR,
  INITIAL_CHECK_STATE,
  detectChanges,
  indexHistory,
  isDue,
  proposeMatches,
  recordOutcome,
  rowsOfProduct,
  runPolitely,
  toMinor,
  type CheckState,
  type Clock,
  type HistoryIndex,
  type Observation,
  type ScheduleOptions,
} from '../../../core/tracking/index.ts';
import { replaceCatalog, type ExtDb } from '../../../core/db/ext.ts';
import {
  fetchProducts,
  observe,
  planFetch,
  type FetchPlan,
  type HtmlExtractor,
} from './fetcher.ts';
import type { TrackInput } from './messages.ts';
import {
  addChanges,
  addSnapshots,
  checkStates,
  getSettings,
  listTracked,
  putCheckState,
  putTracked,
  readSnapshots,
} from './store.ts';
import type { ChangeEntry, CheckReport, TrackingSettings } from './types.ts';

export interface TrackingDeps {
  clock: Clock;
  extract: HtmlExtractor;
  /** Whether Storelens holds the host permission for an origin ("https://shop.example"). */
  hasPermission(origin: string): Promise<boolean>;
  /** Shows an alert for a change (and records it). */
  notify(change: ChangeEntry): Promise<void>;
  fetchImpl?: typeof fetch;
}

/** A stable id for a product page (and variant), so tracking the same thing twice is one record. */
export function trackedIdOf(url: string, variantId: string): string {
  const u = new URL(url);
  const s = `${u.origin}${u.pathname.replace(/\/$/, '')}|${variantId}`;
  // cyrb53: a 53-bit string hash, plenty for ids of a watchlist.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `tp-${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

export function scheduleOf(s: TrackingSettings): ScheduleOptions {
  return { intervalMs: s.intervalHours * HOUR, retryBaseMs: 15 * 60_000, stopAfter4xx: 3 };
}

function variantUrl(url: string, variantId: string): string {
  if (!variantId) return url;
  const u = new URL(url);
  if (!u.searchParams.has('variant')) u.searchParams.set('variant', variantId);
  return u.toString();
}

/** Starts tracking a product (or each chosen variant) with a first snapshot from the page itself. */
export async function trackProduct(
  db: ExtDb,
  input: TrackInput,
  now: number,
): Promise<TrackedProduct[]> {
  const u = new URL(input.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error('Only shop pages on http or https can be tracked.');
  const existing = new Map((await db.getAll('trackedProducts')).map((p) => [p.id, p]));
  const targets = input.variants.length > 0 ? input.variants : [null];
  const out: TrackedProduct[] = [];
  const snaps: PriceSnapshot[] = [];
  for (const v of targets) {
    const variantId = v?.id ?? '';
    const id = trackedIdOf(input.url, variantId);
    const before = existing.get(id);
    const name = v?.name ? `${input.name} – ${v.name}` : input.name;
    const p: TrackedProduct = {
      id,
      url: variantUrl(`${u.origin}${u.pathname}${variantId ? '' : u.search}`, variantId),
      domain: u.hostname,
      platform: input.platform || 'unknown',
      name: name || u.hostname + u.pathname,
      brand: input.brand,
      sku: v?.sku || input.sku,
      gtin: v?.gtin || input.gtin,
      mpn: input.mpn,
      image: input.image,
      variantId,
      paused: false,
      createdAt: before && !before.deleted ? before.createdAt : now,
      updatedAt: now,
      deleted: false,
    };
    await putTracked(db, p);
    out.push(p);
    const cur = v?.currency ?? input.currency;
    const price = v ? v.price : input.price;
    const was = v ? v.wasPrice : input.wasPrice;
    snaps.push({
      productId: id,
      at: now,
      price: price == null || !cur ? null : toMinor(price, cur),
      wasPrice: was == null || !cur ? null : toMinor(was, cur),
      currency: cur,
      availability: v ? v.availability : input.availability,
      sources: {},
      error: null,
    });
    await putCheckState(db, id, { ...INITIAL_CHECK_STATE, lastAttemptAt: now, lastSuccessAt: now });
  }
  await addSnapshots(db, snaps);
  await rematch(db, out, now);
  return out;
}

/** Proposes matches with the own catalog for these products, keeping the user's decisions. */
export async function rematch(db: ExtDb, products: TrackedProduct[], now: number): Promise<void> {
  const catalog = await db.getAll('catalog');
  if (catalog.length === 0) return;
  for (const p of products) {
    const decided = new Map(
      (await db.getAllFromIndex('matches', 'byTracked', p.id)).map((m) => [m.sku, m]),
    );
    for (const prop of proposeMatches(p, catalog)) {
      if (decided.has(prop.sku)) continue;
      const m: Match = {
        id: `${p.id}:${prop.sku}`,
        trackedProductId: p.id,
        sku: prop.sku,
        method: prop.method,
        score: prop.score,
        status: 'auto',
        updatedAt: now,
        deleted: false,
      };
      await db.put('matches', m);
    }
  }
}

/** The match to show for a product: a confirmed one, else the best automatic one; never a rejected one. */
export function bestMatch(matches: Match[]): Match | null {
  const live = matches.filter((m) => !m.deleted && m.status !== 'rejected');
  return (
    live.find((m) => m.status === 'confirmed') ??
    live
      .filter((m) => m.method !== 'title' || m.score >= 0.5)
      .sort((a, b) => b.score - a.score)[0] ??
    null
  );
}

/**
 * Replaces the own catalog, records the own prices that changed since their last point (the
 * "Your price" history), and proposes matches for every tracked product again.
 */
export async function replaceCatalogAndRematch(
  db: ExtDb,
  items: CatalogItem[],
  now: number,
): Promise<void> {
  await replaceCatalog(db, items, now);
  await rematch(db, await listTracked(db), now);
}

function lastObservation(index: HistoryIndex, id: string): Observation | null {
  const rows = rowsOfProduct(index, id);
  const { at, price, currency, availability, error } = index.table.columns;
  for (let k = rows.length - 1; k >= 0; k--) {
    const r = rows[k]!;
    if (error.dict[error.codes[r]!]) continue;
    return {
      at: at[r]!,
      price: Number.isNaN(price[r]!) ? null : price[r]!,
      currency: currency.dict[currency.codes[r]!] || null,
      availability: availability.dict[availability.codes[r]!] || 'Unknown',
    };
  }
  return null;
}

/** Results written per transaction during a round. */
const FLUSH_EVERY = 25;

interface Group {
  domain: string;
  plan: FetchPlan;
  products: TrackedProduct[];
}

/**
 * One re-check round: every due product (or exactly `ids`, due or not), grouped by the request
 * that serves it. Each product gets a snapshot: values on success, the reason on failure.
 */
export async function runRound(
  db: ExtDb,
  deps: TrackingDeps,
  opts: { ids?: string[]; signal?: AbortSignal } = {},
): Promise<CheckReport> {
  const settings = await getSettings(db);
  const schedule = scheduleOf(settings);
  const now = deps.clock.now();
  const states = await checkStates(db);
  const all = await listTracked(db);
  const wanted = opts.ids ? new Set(opts.ids) : null;
  const due = all.filter((p) =>
    wanted
      ? wanted.has(p.id)
      : !p.paused && isDue(states.get(p.id) ?? INITIAL_CHECK_STATE, now, schedule),
  );
  const report: CheckReport = { checked: 0, failed: 0, skipped: 0, changes: [] };
  if (due.length === 0) return report;
  const index = indexHistory(await readSnapshots(db));
  const groups = new Map<string, Group>();
  for (const p of due) {
    const plan = planFetch(p);
    const g = groups.get(plan.key);
    if (g) g.products.push(p);
    else groups.set(plan.key, { domain: plan.domain, plan, products: [p] });
  }
  const permission = new Map<string, boolean>();
  for (const g of groups.values()) {
    const origin = new URL(g.plan.pageUrl).origin;
    if (!permission.has(origin)) permission.set(origin, await deps.hasPermission(origin));
  }

  // Results are written in batches: appending to the columnar history rewrites the tail chunk,
  // so one transaction per product would cost a chunk write each. A product's check state is
  // written with its snapshot, so a round cut short (service worker stopped) leaves the unwritten
  // products due and they are checked again on the next tick.
  let pending: {
    p: TrackedProduct;
    snap: PriceSnapshot;
    state: CheckState;
    changes: ChangeEntry[];
  }[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    flushing = flushing.then(async () => {
      if (batch.length === 0) return;
      await addSnapshots(
        db,
        batch.map((b) => b.snap),
      );
      for (const b of batch) await putCheckState(db, b.p.id, b.state);
      const changes = batch.flatMap((b) => b.changes);
      for (const e of changes) if (e.alert) await deps.notify(e);
      await addChanges(db, changes);
    });
    return flushing;
  };
  const record = async (
    p: TrackedProduct,
    snap: PriceSnapshot,
    outcome: Parameters<typeof recordOutcome>[1],
  ) => {
    const at = deps.clock.now();
    snap.at = at;
    const state = recordOutcome(states.get(p.id) ?? INITIAL_CHECK_STATE, outcome, at, schedule);
    let entries: ChangeEntry[] = [];
    if (outcome.ok) {
      report.checked++;
      const prev = lastObservation(index, p.id);
      const next: Observation = {
        at,
        price: snap.price,
        currency: snap.currency,
        availability: snap.availability,
      };
      entries = detectChanges(prev, next, settings.thresholds).map((c) => ({
        ...c,
        productId: p.id,
        name: p.name,
        url: p.url,
        notified: c.alert,
      }));
      report.changes.push(...entries);
    } else report.failed++;
    pending.push({ p, snap, state, changes: entries });
    if (pending.length >= FLUSH_EVERY) await flush();
  };
  const failed = (p: TrackedProduct, reason: string): PriceSnapshot => ({
    productId: p.id,
    at: 0,
    price: null,
    wasPrice: null,
    currency: null,
    availability: 'Unknown',
    sources: {},
    error: reason,
  });

  const jobs = [...groups.values()];
  const q = { ...DEFAULT_QUEUE, spacingMs: settings.spacingMs };
  const result = await runPolitely(
    jobs,
    async (g) => {
      const origin = new URL(g.plan.pageUrl).origin;
      if (!permission.get(origin)) {
        const reason = `No permission to read ${g.domain}: open Storelens Competitors and click “Grant” next to ${g.domain}.`;
        for (const p of g.products) await record(p, failed(p, reason), { ok: false, reason });
        // No request was made: nothing to be polite about.
        return { ok: true };
      }
      const hint =
        g.products.map((p) => lastObservation(index, p.id)?.currency).find(Boolean) ?? undefined;
      const r = await fetchProducts(g.plan, {
        timeoutMs: settings.timeoutMs,
        extract: deps.extract,
        currencyHint: hint ?? undefined,
        pause: () => deps.clock.sleep(settings.spacingMs, opts.signal),
        fetchImpl: deps.fetchImpl,
      });
      for (const p of g.products) {
        if (!r.ok) {
          await record(p, failed(p, r.reason), r);
          continue;
        }
        const o = observe(
          r.products as ExtractedProduct[],
          p,
          lastObservation(index, p.id)?.currency ?? null,
        );
        if (!o || (o.price === null && o.availability === 'Unknown')) {
          const reason = p.variantId
            ? `Variant ${p.variantId} is no longer offered on ${g.domain}. It may have been removed; open the page to check.`
            : `No price or stock found on ${g.domain}. The page may have changed; open it to check.`;
          await record(p, failed(p, reason), { ok: false, reason });
          continue;
        }
        await record(
          p,
          {
            productId: p.id,
            at: 0,
            ...o,
            sources: { price: r.via === 'html' ? 'json-ld' : 'platform-json' },
            error: null,
          },
          { ok: true },
        );
      }
      return r.ok ? { ok: true } : { ok: false, status: r.status, retryAfterMs: r.retryAfterMs };
    },
    deps.clock,
    q,
    opts.signal,
  );
  for (const s of result.skipped) {
    for (const p of s.job.products)
      await record(p, failed(p, `Not checked: ${s.reason}`), { ok: false, reason: s.reason });
    report.skipped += s.job.products.length;
  }
  await flush();
  return report;
}

/** Resumes (or pauses) products; resuming also lifts a stop after repeated 4xx. */
export async function setPaused(
  db: ExtDb,
  ids: string[],
  paused: boolean,
  now: number,
): Promise<void> {
  const states = await checkStates(db);
  for (const id of ids) {
    const p = await db.get('trackedProducts', id);
    if (!p) continue;
    await putTracked(db, { ...p, paused, updatedAt: now });
    const s: CheckState = states.get(id) ?? INITIAL_CHECK_STATE;
    if (!paused && s.stopped)
      await putCheckState(db, id, { ...s, stopped: false, consecutive4xx: 0, failures: 0 });
  }
}
