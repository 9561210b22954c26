// Wires the tracking feature into the background (its messages are in ./handlers.ts): the re-check alarm,
// notifications, host-permission checks and HTML parsing (offscreen document on Chrome, the
// background page's own DOM on Firefox).
import { browser } from '#imports';
import { ownPriceHistory } from '../../../core/db/ext.ts';
import { extractProducts } from '../../../core/page/index.ts';
import type { ExtractedProduct } from '../../../core/page/types.ts';
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
import { send } from '../send.ts';
import { bestMatch, runRound, scheduleOf, type TrackingDeps } from './service.ts';
import {
  addNotification,
  checkStates,
  getSettings,
  listTracked,
  readSnapshots,
  recentChanges,
  trackingDb,
} from './store.ts';
import type {
  ChangeEntry,
  CheckReport,
  DomainRow,
  PageTracking,
  TrackingOverview,
} from './types.ts';
import { changeTitle, changeText } from './wording.ts';

export const TICK_ALARM = 'tracking:tick';
const TICK_MINUTES = 15;
const OFFSCREEN_PATH = '/offscreen.html';

export function hasPermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false);
}

interface OffscreenDocuments {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

let offscreenReady: Promise<void> | null = null;
async function ensureOffscreen(): Promise<void> {
  const api = (browser as unknown as { offscreen?: OffscreenDocuments }).offscreen;
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
  const reply = await send('offscreen:extract', { html, url, extras });
  return reply.products;
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
export function round(ids?: string[]): Promise<CheckReport> {
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

export async function overview(): Promise<TrackingOverview> {
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

export async function pageTracking(url: string): Promise<PageTracking> {
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

export async function openGrantPage(origin: string): Promise<void> {
  await browser.tabs.create({
    url: browser.runtime.getURL(`/competitors.html#grant=${encodeURIComponent(origin)}`),
  });
}

/** Registers the tracking feature in the background (call once from defineBackground). */
export function registerTracking(): void {
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
