/**
 * The PWA's data layer: one analytics client (core/bridge → the worker), the store's meta
 * (currency, timezone, first/last day, filter values), and `useQuery`, which cancels a superseded
 * query through its AbortSignal so the screen always shows the latest range.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { api, clearPrimed, primeAnswer, type Api } from './client.ts';
import { takeFirstScreen } from './startup.ts';
import { effectiveRange, type DayRange } from './range.ts';
import { routeHref, type Route } from './route.ts';
import { formatDateTime, formatDay } from '../../core/ui/format.ts';
import { requestPersistence } from '../../core/db/storage.ts';
import type { DataStatus } from '../../core/worker/index.ts';
import type { Query } from '../../core/analytics/index.ts';
import type { StartupDimensions } from '../../core/worker/startup.ts';

/** What the shell needs to know about the loaded store. */
export interface StoreMeta {
  empty: boolean;
  demo: boolean;
  currency: string;
  timezone: string;
  firstDay: string | null;
  lastDay: string | null;
  dataAsOf: number | null;
  /** Own products (SKUs) stored, with or without orders. */
  products: number;
  refundDating: 'refund' | 'order';
  channels: string[];
  productTypes: string[];
  countries: string[];
}

/** The store's meta from the worker: its status and the values the filters offer. */
async function readMeta(): Promise<StoreMeta> {
  const s = await api.call('load', []);
  const d = s.empty ? null : await api.call('dimensions', []);
  return metaOf(s, d);
}

/**
 * At start: the meta of the startup entry when the worker has one for the stored data (the
 * Overview then paints before the store is read), with the full read started behind it; else
 * null. `loaded` settles when the data is read: true when what was shown must be re-read.
 */
async function quickMeta(): Promise<{ meta: StoreMeta; loaded: Promise<boolean> } | null> {
  // Read here first: the worker takes a while to start (its script, then the database).
  const first = await takeFirstScreen();
  if (first) {
    const here = first.entry;
    primeAnswer('overview', [JSON.parse(here.query) as Query], here.overview);
    if (first.profitCard) primeAnswer('profitCard', [], first.profitCard);
    performance.mark('storelens:quick-start');
    const loaded = api
      .call('quickStart', [
        { shown: here, ...(first.profitCard && { shownCard: first.profitCard }) },
      ])
      // The worker found no entry for the data (another tab changed it meanwhile): re-read.
      .then(async (seen) => (await api.call('load', [])).startupStale === true || seen === null)
      .catch(() => true)
      .finally(clearPrimed);
    return { meta: metaOf(here.status, here.dimensions), loaded };
  }
  const quick = await api.call('quickStart', []);
  performance.mark('storelens:quick-start');
  if (!quick) return null;
  const loaded = api.call('load', []).then(
    (r) => r.startupStale === true,
    () => true,
  );
  return { meta: metaOf(quick.status, quick.dimensions), loaded };
}

function metaOf(
  s: Pick<
    DataStatus,
    'empty' | 'demo' | 'currency' | 'timezone' | 'firstDay' | 'lastDay' | 'dataAsOf' | 'products'
  >,
  d: StartupDimensions | null,
): StoreMeta {
  return {
    empty: s.empty,
    demo: s.demo,
    currency: s.currency ?? 'USD',
    timezone: s.timezone ?? 'UTC',
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    dataAsOf: s.dataAsOf,
    products: s.products,
    refundDating: d?.refundDating ?? 'refund',
    channels: d?.channels ?? [],
    productTypes: d?.productTypes ?? [],
    countries: d?.countries ?? [],
  };
}

interface StoreState {
  meta: StoreMeta | null;
  error: string | null;
  /** Bumped after an import or settings change so every query runs again. */
  version: number;
  /** Re-reads the store after a change; resolves with the new meta (null when it failed). */
  reload: () => Promise<StoreMeta | null>;
  /** After the worker updated its loaded data itself (a saved setting or test): re-run queries only. */
  refresh: () => Promise<StoreMeta | null>;
  busy: string | null;
  loadDemo: () => Promise<void>;
  /** Real data this device held at its last visit that is no longer in the store. */
  lost: LostData | null;
  dismissLost: () => void;
}

/** What the device held, remembered outside IndexedDB so its loss can be told (see `remember`). */
export interface LostData {
  firstDay: string | null;
  lastDay: string | null;
  products: number;
  /** When it was last seen stored (ms). */
  seenAt: number;
}

const StoreContext = createContext<StoreState>({
  meta: null,
  error: null,
  version: 0,
  reload: async () => null,
  refresh: async () => null,
  busy: null,
  loadDemo: async () => {},
  lost: null,
  dismissLost: () => {},
});

export function useStore(): StoreState {
  return useContext(StoreContext);
}

/** A readable message from an error that crossed the worker boundary (by name, never instanceof). */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e)
    return String((e as { message: unknown }).message);
  return String(e);
}

const FIRST_RUN_KEY = 'storelens:first-run-done';
/**
 * A note in localStorage of the real data last seen in IndexedDB. When the browser drops the
 * database (Chromium does, after a write failed on a full disk, at the next start) the note
 * survives, so the app can say what was lost instead of showing an empty store as if new.
 */
const STORED_KEY = 'storelens:stored-data';

function hasRealData(m: StoreMeta): boolean {
  return !m.demo && (!m.empty || m.products > 0);
}

function remember(m: StoreMeta): void {
  try {
    if (hasRealData(m)) {
      const note: LostData = {
        firstDay: m.firstDay,
        lastDay: m.lastDay,
        products: m.products,
        seenAt: Date.now(),
      };
      localStorage.setItem(STORED_KEY, JSON.stringify(note));
    } else localStorage.removeItem(STORED_KEY);
  } catch {
    // Storage unavailable (private mode): nothing to remember with.
  }
}

function rememberedData(): LostData | null {
  try {
    const raw = localStorage.getItem(STORED_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<LostData>;
    return typeof v.seenAt === 'number'
      ? {
          firstDay: typeof v.firstDay === 'string' ? v.firstDay : null,
          lastDay: typeof v.lastDay === 'string' ? v.lastDay : null,
          products: typeof v.products === 'number' ? v.products : 0,
          seenAt: v.seenAt,
        }
      : null;
  } catch {
    return null;
  }
}

/** How long the first read may take before the app says what it is reading. */
const SLOW_LOAD_MS = 700;

export function DataProvider({ children }: { children: ComponentChildren }): JSX.Element {
  const [meta, setMeta] = useState<StoreMeta | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [lost, setLost] = useState<LostData | null>(null);
  const dismissLost = useCallback(() => {
    setLost(null);
    localStorage.removeItem(STORED_KEY);
  }, []);

  const reload = useCallback(async () => {
    try {
      await api.call('reload', []);
      const m = await readMeta();
      remember(m);
      if (hasRealData(m)) setLost(null);
      setMeta(m);
      setVersion((v) => v + 1);
      setError(null);
      // Once real data is stored (an import or a bundle), ask the browser not to evict it.
      if (!m.demo && (!m.empty || m.products > 0)) void requestPersistence();
      return m;
    } catch (e) {
      setError(`Could not read your data: ${errorMessage(e)}`);
      return null;
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      const m = await readMeta();
      remember(m);
      setMeta(m);
      setVersion((v) => v + 1);
      setError(null);
      return m;
    } catch (e) {
      setError(`Could not read your data: ${errorMessage(e)}`);
      return null;
    }
  }, []);

  const loadDemo = useCallback(async () => {
    setBusy('Generating the demo store (about 3 years of orders)…');
    try {
      await api.call('loadDemo', [{}]);
      localStorage.setItem(FIRST_RUN_KEY, '1');
      const m = await readMeta();
      remember(m);
      setLost(null);
      setMeta(m);
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(`The demo store could not be created: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }, []);

  useEffect(() => {
    void (async () => {
      // A big store takes seconds to read (about 2 s per million order lines here): after a
      // moment, say what is being read rather than leaving the cards empty.
      let read = false;
      const slow = setTimeout(() => {
        void api
          .call('storedRows', [])
          .then(
            (n) =>
              !read &&
              n.lines > 0 &&
              setBusy(
                `Reading your store from this device: ${n.orders.toLocaleString()} orders, ${n.lines.toLocaleString()} order lines…`,
              ),
          )
          .catch(() => undefined);
      }, SLOW_LOAD_MS);
      // The first answer is in: no "Reading your store" line (also not one still on its way).
      const answered = () => {
        read = true;
        clearTimeout(slow);
        setBusy(null);
      };
      try {
        const quick = await quickMeta().catch(() => null);
        if (quick) {
          answered();
          remember(quick.meta);
          setMeta(quick.meta);
          // Something the entry could not see changed (a cost, a product): show the read data.
          if (await quick.loaded) await refresh();
          return;
        }
        const m = await readMeta().finally(answered);
        const before = rememberedData();
        if (before && !hasRealData(m) && m.empty && m.products === 0) {
          // Real data was here at the last visit and is gone: say so; never cover it with a demo.
          setLost(before);
          setMeta(m);
          return;
        }
        // First run on this device: load the demo store so there is something to explore.
        if (m.empty && !localStorage.getItem(FIRST_RUN_KEY)) {
          await loadDemo();
          return;
        }
        remember(m);
        setMeta(m);
      } catch (e) {
        setError(`Could not open your data: ${errorMessage(e)}`);
      }
    })();
  }, [loadDemo, refresh]);

  return (
    <StoreContext.Provider
      value={{ meta, error, version, reload, refresh, busy, loadDemo, lost, dismissLost }}
    >
      {children}
    </StoreContext.Provider>
  );
}

export interface QueryState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
}

/**
 * Runs a worker query when its key changes; the previous one is aborted. Keeps the last data
 * while the next computes, so numbers change in place without layout jumps.
 */
export function useQuery<T>(
  run: ((a: Api, signal: AbortSignal) => Promise<T>) | null,
  deps: unknown[],
): QueryState<T> {
  const { version } = useStore();
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, loading: !!run });
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const r = runRef.current;
    if (!r) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    r(api, ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (ctrl.signal.aborted || (error as { name?: string })?.name === 'AbortError') return;
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => ctrl.abort();
  }, [...deps, version]);
  return state;
}

/** The analytics query of a route: range, comparison, filters. */
export function queryOf(route: Route, meta: StoreMeta) {
  const range = effectiveRange(route, meta);
  return {
    range,
    compare: route.compare,
    filters: {
      ...(route.channel.length ? { channel: route.channel } : {}),
      ...(route.productType.length ? { productType: route.productType } : {}),
      ...(route.country.length ? { country: route.country } : {}),
    },
  };
}

/** The filters in force, in words. */
export function filtersText(route: Route, range: DayRange, compare: DayRange | null): string {
  const parts = [`${formatDay(range.start)} – ${formatDay(range.end)}`];
  if (compare) parts.push(`compared with ${formatDay(compare.start)} – ${formatDay(compare.end)}`);
  if (route.channel.length) parts.push(`channel: ${route.channel.join(', ')}`);
  if (route.productType.length) parts.push(`product type: ${route.productType.join(', ')}`);
  if (route.country.length) parts.push(`country: ${route.country.join(', ')}`);
  if (parts.length === (compare ? 2 : 1)) parts.push('no filters');
  return parts.join('; ');
}

export function QueryError({ error }: { error: unknown }): JSX.Element {
  return (
    <div class="banner error" role="alert">
      This view could not be computed: {errorMessage(error)}
    </div>
  );
}

/** What a new user sees with no data: the demo store or an import. */
export function EmptyStore(): JSX.Element {
  const { loadDemo, lost, dismissLost, meta } = useStore();
  if (lost) {
    const span =
      lost.firstDay && lost.lastDay
        ? `orders from ${formatDay(lost.firstDay)} to ${formatDay(lost.lastDay)}`
        : 'your store data';
    return (
      <div class="empty-state card" role="alert">
        <h2>Your stored data is gone</h2>
        <p>
          When you last used Storelens on this device it held {span}
          {lost.products > 0 ? ` and ${lost.products.toLocaleString()} products` : ''} (seen{' '}
          {formatDateTime(lost.seenAt)}). The browser has since deleted this site's storage — most
          often after a write failed because the disk was full, or when site data was cleared.
        </p>
        <p>
          Free some disk space, then import your latest Storelens backup bundle (the file a failed
          import offered, or one from Settings → Export all data), or import your exports again.
        </p>
        <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', justifyContent: 'center' }}>
          <a class="btn primary" href={routeHref({ screen: 'import' })}>
            Import a backup or exports
          </a>
          <button type="button" class="btn" onClick={dismissLost}>
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  const products = meta?.products ?? 0;
  if (products > 0)
    return (
      <div class="empty-state card">
        <h2>No orders yet</h2>
        <p>
          Your {products.toLocaleString()} {products === 1 ? 'product is' : 'products are'} stored.
          Sales, stock cover and forecasts need your orders: import your platform's orders export.
        </p>
        <a class="btn primary" href={routeHref({ screen: 'import' })}>
          Import your orders export
        </a>
      </div>
    );
  return (
    <div class="empty-state card">
      <h2>No store data yet</h2>
      <p>
        Storelens works on your store's own exports — orders, products, analytics and ad spend — and
        keeps them on this device. Import your files, or explore with a demo store first.
      </p>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', justifyContent: 'center' }}>
        <a class="btn primary" href={routeHref({ screen: 'import' })}>
          Import your exports
        </a>
        <button type="button" class="btn" onClick={() => void loadDemo()}>
          Load the demo store
        </button>
      </div>
    </div>
  );
}
