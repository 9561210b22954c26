// Wires the tracking feature into the background: its messages, the re-check alarm,
// notifications, host-permission checks and HTML parsing (offscreen document on Chrome, the
// background page's own DOM on Firefox).
import { browser } from '#imports';
import { ownPriceHistory } from '../../../core/db/ext.ts';
import { extractProducts } from '../../../core/page/index.ts';
import type { ExtractedProduct } from '../../../core/page/types.ts';
import { catalogItemSchema } from '../../../core/schema/competitive.ts';
import {
  INITIAL_CHECK_STATE,
  landedComparison,
  nextDueAt,
  productSeries,
  indexHistory,
  systemClock,
  ComparisonError,
} from '../../../core/tracking/index.ts';
import { originPattern } from '../origins.ts';
import {
  isTrackingMessage,
  trackInputSchema,
  type TrackResult,
  type TrackingMessage,
} from './messages.ts';
import {
  bestMatch,
  replaceCatalogAndRematch,
  runRound,
  scheduleOf,
  setPaused,
  trackProduct,
  type TrackingDeps,
} from './service.ts';
import {
  addNotification,
  checkStates,
  deleteCheckState,
  getSettings,
  listTracked,
  notificationLog,
  readSnapshots,
  recentChanges,
  trackingDb,
  updateSettings,
} from './store.ts';
import type {
  ChangeEntry,
  CheckReport,
  DomainRow,
  PageTracking,
  TrackingOverview,
} from './types.ts';
import { changeTitle, changeText } from './wording.ts';
import { trackingSenderAllowed } from './senders.ts';

export const TICK_ALARM = 'tracking:tick';
const TICK_MINUTES = 15;
const OFFSCREEN_PATH = '/offscreen.html';

function hasPermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false);
}

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

let offscreenReady: Promise<void> | null = null;
async function ensureOffscreen(): Promise<void> {
  const api = (browser as unknown as { offscreen?: OffscreenApi }).offscreen;
  if (!api)
    throw new Error(
      'This browser can neither parse HTML in the background nor open an offscreen document.',
    );
  offscreenReady ??= api
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['DOM_PARSER'],
      justification: 'Read product prices from the HTML of tracked competitor pages.',
    })
    .catch((err: unknown) => {
      // Already open (e.g. after the service worker restarted): that one answers too.
      if (!String(err).includes('single offscreen')) {
        offscreenReady = null;
        throw err;
      }
    });
  await offscreenReady;
}

/** Parses HTML where a DOM exists: here on Firefox, in the offscreen document on Chrome. */
async function extractHtml(
  html: string,
  url: string,
  currencyHint?: string,
): Promise<ExtractedProduct[]> {
  const extras = currencyHint ? { currencyHint } : {};
  if (typeof DOMParser !== 'undefined') {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return extractProducts(doc, url, extras);
  }
  await ensureOffscreen();
  const reply = (await browser.runtime.sendMessage({
    type: 'offscreen:extract',
    html,
    url,
    extras,
  })) as { products: ExtractedProduct[] } | undefined;
  return reply?.products ?? [];
}

async function notify(change: ChangeEntry): Promise<void> {
  const db = await trackingDb();
  const id = `tracking:${change.productId}:${change.at}:${change.kind}`;
  const title = changeTitle(change);
  const message = changeText(change);
  await addNotification(db, { id, at: change.at, productId: change.productId, title, message });
  try {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
    });
  } catch {
    // The OS or browser may refuse notifications; the change stays in the recent-changes list.
  }
}

const deps: TrackingDeps = { clock: systemClock, extract: extractHtml, hasPermission, notify };

let running: Promise<CheckReport> | null = null;
/** Runs one round at a time; a second request waits for the running one and then runs its own. */
function round(ids?: string[]): Promise<CheckReport> {
  const start = async () => {
    // Chrome stops an idle service worker after 30 s; fetches do not count as activity, an
    // extension API call does. A polite round with seconds between requests would be cut short.
    const keepAlive = setInterval(
      () => void browser.runtime.getPlatformInfo().catch(() => undefined),
      20_000,
    );
    try {
      return await runRound(await trackingDb(), deps, ids ? { ids } : {});
    } finally {
      clearInterval(keepAlive);
    }
  };
  const next = (running ?? Promise.resolve()).catch(() => undefined).then(start);
  const tracked = next.finally(() => {
    if (running === tracked) running = null;
  });
  running = tracked;
  return tracked;
}

async function overview(): Promise<TrackingOverview> {
  const db = await trackingDb();
  const [products, states, settings, changes, catalog] = await Promise.all([
    listTracked(db),
    checkStates(db),
    getSettings(db),
    recentChanges(db),
    db.getAll('catalog'),
  ]);
  const bySku = new Map(catalog.map((c) => [c.sku, c]));
  const schedule = scheduleOf(settings);
  const rows = await Promise.all(
    products.map(async (product) => {
      const matches = await db.getAllFromIndex('matches', 'byTracked', product.id);
      const best = bestMatch(matches);
      const check = states.get(product.id) ?? INITIAL_CHECK_STATE;
      const due = nextDueAt(check, schedule);
      return {
        product,
        check,
        nextDueAt: product.paused || !Number.isFinite(due) ? null : due,
        match: best ? { match: best, item: bySku.get(best.sku) ?? null } : null,
        proposals: matches
          .filter((m) => m.status === 'auto' && m.id !== best?.id)
          .map((m) => ({ match: m, item: bySku.get(m.sku) ?? null })),
      };
    }),
  );
  const domains = new Map<string, DomainRow>();
  for (const p of products) {
    const origin = new URL(p.url).origin;
    const d = domains.get(origin);
    if (d) d.products++;
    else domains.set(origin, { domain: p.domain, origin, permitted: false, products: 1 });
  }
  for (const d of domains.values()) d.permitted = await hasPermission(d.origin);
  return { rows, domains: [...domains.values()], changes, settings, running: running !== null };
}

async function pageTracking(url: string): Promise<PageTracking> {
  const db = await trackingDb();
  const u = new URL(url);
  const path = `${u.origin}${u.pathname.replace(/\/$/, '')}`;
  const products = (await listTracked(db)).filter((p) => {
    const t = new URL(p.url);
    return `${t.origin}${t.pathname.replace(/\/$/, '')}` === path;
  });
  const [states, settings, snapshots] = await Promise.all([
    checkStates(db),
    getSettings(db),
    readSnapshots(db),
  ]);
  const index = indexHistory(snapshots);
  const tracked = await Promise.all(
    products.map(async (product) => {
      const s = productSeries(index, product.id);
      const best = bestMatch(await db.getAllFromIndex('matches', 'byTracked', product.id));
      const item = best ? ((await db.get('catalog', best.sku)) ?? null) : null;
      const nums = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
      const n = s.price.length;
      let lastPrice: number | null = null;
      let lastWas: number | null = null;
      for (let k = n - 1; k >= 0; k--)
        if (!Number.isNaN(s.price[k]!)) {
          lastPrice = s.price[k]!;
          lastWas = Number.isNaN(s.wasPrice[k]!) ? null : s.wasPrice[k]!;
          break;
        }
      let comparison = null;
      let comparisonError: string | null = null;
      if (item && lastPrice !== null && s.currency) {
        try {
          comparison = landedComparison(
            { price: lastPrice, wasPrice: lastWas, currency: s.currency, title: product.name },
            { price: item.price, currency: item.currency, title: item.title },
            settings.rates,
          );
        } catch (err) {
          comparisonError = err instanceof ComparisonError ? err.message : String(err);
        }
      }
      return {
        product,
        check: states.get(product.id) ?? INITIAL_CHECK_STATE,
        x: Array.from(s.x),
        price: nums(s.price),
        wasPrice: nums(s.wasPrice),
        inStock: nums(s.inStock),
        currency: s.currency,
        match: best ? { match: best, item } : null,
        comparison,
        comparisonError,
        ownHistory: item ? await ownPriceHistory(db, item.sku) : [],
      };
    }),
  );
  return {
    tracked,
    permitted: await hasPermission(u.origin),
    origin: u.origin,
    rates: settings.rates,
  };
}

async function openGrantPage(origin: string): Promise<void> {
  await browser.tabs.create({
    url: browser.runtime.getURL(`/competitors.html#grant=${encodeURIComponent(origin)}`),
  });
}

async function handle(message: TrackingMessage): Promise<unknown> {
  const db = await trackingDb();
  const now = Date.now();
  switch (message.type) {
    case 'tracking:track': {
      const parsed = trackInputSchema.safeParse(message.input);
      if (!parsed.success)
        return {
          ok: false,
          error: 'Storelens could not read this product’s address; reload the page and try again.',
        } satisfies TrackResult;
      const products = await trackProduct(db, parsed.data, now);
      const origin = new URL(parsed.data.url).origin;
      const permitted = await hasPermission(origin);
      // The overlay's click happened in the page: the permission prompt needs an extension page.
      if (!permitted) await openGrantPage(origin);
      return { ok: true, ids: products.map((p) => p.id), permitted, origin } satisfies TrackResult;
    }
    case 'tracking:untrack': {
      for (const id of message.ids.slice(0, 1000)) {
        const p = await db.get('trackedProducts', id);
        if (!p) continue;
        // A tombstone, so sync removes it elsewhere too; its snapshots stay in the history table.
        await db.put('trackedProducts', { ...p, deleted: true, paused: true, updatedAt: now });
        await deleteCheckState(db, id);
      }
      return { ok: true };
    }
    case 'tracking:pause':
      await setPaused(db, message.ids.slice(0, 1000), message.paused === true, now);
      return { ok: true };
    case 'tracking:overview':
      return overview();
    case 'tracking:page':
      return pageTracking(message.url);
    case 'tracking:check-now':
      return round(
        Array.isArray(message.ids)
          ? message.ids.slice(0, 1000)
          : (await listTracked(db)).map((p) => p.id),
      );
    case 'tracking:get-settings':
      return getSettings(db);
    case 'tracking:set-settings': {
      const s = await updateSettings(db, message.settings ?? {});
      return s;
    }
    case 'tracking:replace-catalog': {
      const items = [];
      for (const raw of Array.isArray(message.items) ? message.items.slice(0, 200_000) : []) {
        const r = catalogItemSchema.safeParse(raw);
        if (r.success) items.push(r.data);
      }
      await replaceCatalogAndRematch(db, items, now);
      return { ok: true, count: items.length };
    }
    case 'tracking:set-match': {
      const id = `${message.trackedProductId}:${message.sku}`;
      const existing = await db.get('matches', id);
      await db.put('matches', {
        id,
        trackedProductId: message.trackedProductId,
        sku: message.sku,
        method: existing?.method ?? 'manual',
        score: existing?.score ?? 1,
        status: message.status === 'confirmed' ? 'confirmed' : 'rejected',
        updatedAt: now,
        deleted: false,
      });
      return { ok: true };
    }
    case 'tracking:notifications':
      return notificationLog(db);
  }
}

/** Registers the tracking feature in the background (call once from defineBackground). */
export function registerTracking(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    if (!isTrackingMessage(message)) return false;
    if (!trackingSenderAllowed(message, sender, browser.runtime.getURL('/'), browser.runtime.id)) {
      sendResponse({ ok: false, error: 'Storelens refused a request from this page.' });
      return false;
    }
    handle(message).then(sendResponse, (err: unknown) =>
      sendResponse({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
    return true;
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TICK_ALARM) void round().catch(() => undefined);
  });
  // The tick only looks for due products; the user's schedule decides what is due.
  void browser.alarms.get(TICK_ALARM).then((a) => {
    if (!a)
      void browser.alarms.create(TICK_ALARM, { periodInMinutes: TICK_MINUTES, delayInMinutes: 1 });
  });
  browser.notifications.onClicked.addListener((id) => {
    if (id.startsWith('tracking:'))
      void browser.tabs.create({ url: browser.runtime.getURL('/competitors.html') });
  });
}
