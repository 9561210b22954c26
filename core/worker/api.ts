/**
 * The analytics worker's API, built from a database opener so it runs (and is tested) in Node as
 * well as in a Worker. It reads the columns from IndexedDB once, keeps them as a core/analytics
 * Dataset, and answers queries from memory.
 */
import {
  bestSellers,
  createDataset,
  daySummary,
  defaultRange,
  experimentVerdict,
  isoOf,
  overview,
  salesBreakdown,
  salesSeries,
  summaryOverview,
  unfiltered,
  type BestSeller,
  type BreakdownDimension,
  type BreakdownRow,
  type Dataset,
  type DatasetInput,
  type DateRange,
  type ExperimentVerdict,
  type OverviewResult,
  type Query,
  type SalesSeries,
  type VerdictOptions,
  type FitInput,
  type ModelFit,
} from '../analytics/index.ts';
import {
  deleteAllData,
  moveInlineDictionaries,
  readAll,
  readEmails,
  writeTables,
  type ColumnSelection,
  type StoreDb,
  SETTINGS_KEY,
} from '../db/store.ts';
import { generateDemoStore, type DemoOptions, type DemoStore } from '../demo/generate.ts';
import { WorkerApiError } from './errors.ts';
import { answerJson } from './answer-json.ts';
import { withStoreWriter } from './lock.ts';
import { pickSpec, readStoredTable } from '../db/columnar.ts';
import { labelColumns, orderColumns } from '../schema/columns.ts';
import type { StrCol } from '../analytics/types.ts';
import {
  experimentSchema,
  settingsSchema,
  targetSchema,
  type Experiment,
  type Settings,
  type Target,
} from '../schema/store.ts';

import { createImportApi, type ImportDeps } from './import/index.ts';
import { createScreenQueries } from './queries.ts';
import { costsOf, createProfitQueries, type ProfitCard } from './profit.ts';
import { auditsView, competitorsView, type CompetitorsView } from './competitive.ts';
import { applyBundle, exportBundle, previewBundle } from './sync.ts';
import {
  clearStartup,
  hasDaySummary,
  queryKey,
  readDaySummary,
  readProfitCard,
  readStartup,
  storeVersion,
  writeDaySummary,
  writeProfitCard,
  writeStartup,
  type DaySummaryEntry,
  type StartupDimensions,
  type StartupEntry,
  startupDay,
} from './startup.ts';

/** Zod issues as a sentence naming each field, for a "Not saved" message. */
function invalid(what: string, issues: { path: PropertyKey[]; message: string }[]): never {
  const parts = issues.map((i) => `${i.path.map(String).join('.') || what}: ${i.message}`);
  throw new WorkerApiError('ValidationError', 'invalid', `${what} not saved: ${parts.join('; ')}`);
}

export interface ApiDeps {
  /** Opens the store's database (the worker passes openStoreDb; tests a fake-indexeddb one). */
  openDb: () => Promise<StoreDb>;
  /** The demo generator (tests may pass a smaller one). */
  generateDemo?: (opts: DemoOptions) => DemoStore;
  /** Clock for timings. */
  clock?: () => number;
  /** Reading big exports in byte ranges on other threads (the worker passes workerPartRunner()). */
  parts?: Pick<ImportDeps, 'runPart' | 'maxParts' | 'minPartBytes'>;
  /** The customer-value fit on another thread (the worker passes workerFitRunner()). */
  fit?: ((input: FitInput) => Promise<ModelFit | null>) | null;
}

/** What is loaded, for the "data as of" line and the empty state. */
export interface DataStatus {
  loaded: boolean;
  /** True when there are no orders: the app offers the demo store or an import. */
  empty: boolean;
  demo: boolean;
  orders: number;
  lines: number;
  products: number;
  /** First and last day with orders, in the store timezone. */
  firstDay: string | null;
  lastDay: string | null;
  /** Latest order time (UTC ms), or null. */
  dataAsOf: number | null;
  /** When the data was last written to the device (UTC ms), or null. */
  storedAt: number | null;
  currency: string | null;
  timezone: string | null;
  /** The Overview's default range: the last 30 days with data. */
  defaultRange: DateRange | null;
}

/** Status plus how long loading took, in ms. */
export interface LoadResult extends DataStatus {
  timings: { readMs: number; buildMs: number; generateMs?: number; writeMs?: number };
  /**
   * True when the app was shown the startup entry (quickStart) and the data just read answers
   * that Overview differently: the app re-reads what it shows.
   */
  startupStale?: boolean;
  /** How many Overviews were answered from the stored day summary before this load finished. */
  summaryAnswers?: number;
}

const fallbackSettings = {
  timezone: 'UTC',
  currency: 'USD',
  fxRates: [],
  refundDating: 'refund' as const,
};

/**
 * The columns core/analytics reads. Only these are loaded: a cold start of 1M lines then skips
 * ~20% of the bytes (order numbers, landing pages, statuses...). If core/analytics starts reading
 * another column, createDataset's parameter type fails to compile until it is listed here.
 */
export const analyticsColumns = {
  orders: [
    'id',
    'createdAt',
    'customerKey',
    'currency',
    'discounts',
    'shipping',
    'taxes',
    'total',
    'refunded',
    'refundedAt',
    'refundedShipping',
    'refundedTaxes',
    'kind',
    'cancelledAt',
    'channel',
    'utmSource',
    'utmMedium',
    'utmCampaign',
    'discountCode',
    'country',
    'gateway',
    'refunds',
  ],
  lines: [
    'orderId',
    'sku',
    'title',
    'productId',
    'variantId',
    'productType',
    'vendor',
    'quantity',
    'unitPrice',
    'discount',
    'refundedQuantity',
    'giftCard',
  ],
} as const satisfies ColumnSelection;

function datasetOf(
  data: Omit<DatasetInput, 'settings' | 'now'> & { settings: DatasetInput['settings'] | null },
): Dataset {
  return createDataset({
    orders: data.orders,
    lines: data.lines,
    traffic: data.traffic,
    spend: data.spend,
    products: data.products,
    experiments: data.experiments,
    targets: data.targets,
    settings: data.settings ?? fallbackSettings,
  });
}

/** The values the filters offer (channels, product types, countries) and the refund dating. */
function dimensionsOf(d: Dataset): StartupDimensions {
  const values = (dict: string[]) =>
    dict.filter((v) => v !== '').sort((a, b) => a.localeCompare(b));
  return {
    channels: values(d.orders.columns.channel.dict),
    productTypes: values(d.lines.columns.productType.dict),
    countries: values(d.orders.columns.country.dict),
    refundDating: d.refundDating,
  };
}

/** The same Overview, typed arrays and NaN included. */
function sameAnswer(a: OverviewResult, b: OverviewResult): boolean {
  return answerJson(a) === answerJson(b);
}

/**
 * The same values, typed arrays element by element (NaN equal to NaN): a day summary served on a
 * cold start against the one of the data read behind it.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (a.constructor !== b.constructor || x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++)
      if (x[k] !== y[k] && (x[k] === x[k] || y[k] === y[k])) return false;
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => k in rb && sameData(ra[k], rb[k]));
}

/** How long after a load the day summary of its data is stored (the first screens go first). */
const SUMMARY_WRITE_MS = 500;

/** How long after the first load a store of the older layout has its dictionaries moved. */
const MOVE_DICTIONARIES_MS = 3000;

/** How long the store's read waits for the startup entry's Overview to be asked for. */
const STARTUP_GRACE_MS = 1000;

/**
 * Writes a generated demo store over the stored data, in one transaction (its fact tables, and
 * its products, experiments, targets, tracked products and settings replaced), as import `id`.
 */
export async function writeDemoStore(d: StoreDb, store: DemoStore, id: string): Promise<void> {
  await writeTables(
    d,
    {
      orders: store.orders,
      lines: store.lines,
      traffic: store.traffic,
      spend: store.spend,
      snapshots: store.snapshots,
    },
    {
      importRecord: {
        id,
        at: Date.now(),
        source: 'demo',
        tables: {
          orders: store.orders.length,
          lines: store.lines.length,
          traffic: store.traffic.length,
          spend: store.spend.length,
          snapshots: store.snapshots.length,
        },
      },
      replace: {
        products: store.products,
        experiments: store.experiments,
        targets: store.targets,
        trackedProducts: store.trackedProducts,
        settings: store.settings,
      },
    },
  );
}

/** Builds the API object the worker exposes. */
export function createAnalyticsApi(deps: ApiDeps) {
  const clock = deps.clock ?? (() => performance.now());
  let dbPromise: Promise<StoreDb> | null = null;
  let ds: Dataset | null = null;
  let storedAt: number | null = null;
  let demo = false;
  let loading: Promise<LoadResult> | null = null;
  // The startup entry served before the load (quickStart), and the version of the loaded data.
  let startup: StartupEntry<DataStatus> | null = null;
  let loadedVersion: string | null = null;
  let startupWritten = false;
  // Settles when the startup entry's Overview has gone out (load waits for it, a second at most).
  let startupAsked: { done: Promise<void>; resolve: () => void } | null = null;
  // Until the first data is in memory (`cold`): the stored day summary, read once, answers the
  // Overview of any unfiltered query; what it answered is checked against the data read behind it.
  let cold = true;
  let summaryRead: Promise<DaySummaryEntry<DataStatus> | null> | null = null;
  let summaryShown: DaySummaryEntry<DataStatus> | null = null;
  let summaryAnswers = 0;
  // The last query the day summary answered: after the load confirms it, the startup entry of
  // the default view is written from it (the next visit of the day paints without the worker).
  let summaryQuery: Query | null = null;
  // The store's version as the cold start read it (quickStart), for the kept answers it opens.
  let coldVersion: Promise<string> | null = null;
  // The net profit card answered from the kept one before the load, checked by the load; and the
  // version whose card is kept.
  let profitShown: ProfitCard | null = null;
  let profitKept: string | null = null;

  const db = () => {
    if (!dbPromise) {
      dbPromise = deps.openDb().catch((e: unknown) => {
        dbPromise = null;
        throw e;
      });
    }
    return dbPromise;
  };

  function status(): DataStatus {
    if (!ds) {
      return {
        loaded: false,
        empty: true,
        demo: false,
        orders: 0,
        lines: 0,
        products: 0,
        firstDay: null,
        lastDay: null,
        dataAsOf: null,
        storedAt: null,
        currency: null,
        timezone: null,
        defaultRange: null,
      };
    }
    const empty = ds.orders.length === 0;
    const range = empty ? null : defaultRange(ds);
    return {
      loaded: true,
      empty,
      demo,
      orders: ds.orders.length,
      lines: ds.lines.length,
      products: ds.products.length,
      firstDay: empty ? null : isoOf(ds.firstDay),
      lastDay: empty ? null : isoOf(ds.lastDay),
      dataAsOf: ds.dataAsOf,
      storedAt,
      currency: ds.currency,
      timezone: ds.timezone,
      defaultRange: range,
    };
  }

  /** The stored day summary of the stored data, on a cold start (else null); read once. */
  function storedSummary(): Promise<DaySummaryEntry<DataStatus> | null> {
    if (!cold) return Promise.resolve(null);
    summaryRead ??= db()
      .then((d) => readDaySummary<DataStatus>(d, versionCold(d)))
      .catch(() => null);
    return summaryRead;
  }

  /** The store's version on a cold start, read once (quickStart's read when it ran). */
  function versionCold(d: StoreDb): Promise<string> {
    coldVersion ??= storeVersion(d, startupDay());
    return coldVersion;
  }

  /** The data changed or is in memory: no stored summary answers from now on. */
  function warm() {
    cold = false;
    summaryRead = null;
    coldVersion = null;
  }

  /** Whether the status and filter values the summary gave are still the data's (storedAt aside). */
  function summaryStale(shown: DaySummaryEntry<DataStatus>, d: Dataset): boolean {
    const now = {
      status: { ...status(), storedAt: null },
      dimensions: dimensionsOf(d),
      days: daySummary(d),
    };
    return !sameData(
      { ...shown, version: undefined, status: { ...shown.status, storedAt: null } },
      { ...now, version: undefined },
    );
  }

  /**
   * Keeps the day summary of the loaded data for the next cold start, unless the one stored is
   * already of this data: a moment after the load, so the first screens' queries go first.
   */
  function rememberSummaryLater(version: string) {
    const at = ds;
    setTimeout(() => {
      if (!at || ds !== at || loadedVersion !== version || at.orders.length === 0) return;
      void db().then(async (d) => {
        if (ds !== at || (await hasDaySummary(d, version))) return;
        await writeDaySummary(d, version, {
          status: status(),
          dimensions: dimensionsOf(at),
          days: daySummary(at),
        });
      });
    }, SUMMARY_WRITE_MS);
  }

  async function readAndBuild(): Promise<LoadResult> {
    const t0 = clock();
    const d = await db();
    // Read before the data: a write in between makes the version older than the data, so a
    // startup entry written from it is never used (never the other way round).
    const version = await storeVersion(d, startupDay());
    const data = await readAll(d, { columns: analyticsColumns });
    const t1 = clock();
    ds = datasetOf(data);
    storedAt = data.dataAsOf;
    demo = data.settings?.demo ?? false;
    loadedVersion = version;
    startupWritten = false;
    moveDictionariesLater(d);
    const t2 = clock();
    const shown = startup;
    startup = null;
    const days = summaryShown;
    const served = summaryAnswers;
    const asked = summaryQuery;
    const card = profitShown;
    summaryShown = null;
    summaryAnswers = 0;
    summaryQuery = null;
    profitShown = null;
    warm();
    const loaded = ds;
    const startupStale =
      (shown !== null &&
        !sameAnswer(shown.overview, overview(loaded, JSON.parse(shown.query) as Query))) ||
      (days !== null && summaryStale(days, loaded)) ||
      (card !== null && !sameData(card, await profitQueries.profitCard()));
    // The day summary answered the default view right: the next visit paints from the entry.
    if (!startupStale && asked !== null && ds === loaded)
      rememberStartup(loaded, asked, () => overview(loaded, asked));
    rememberSummaryLater(version);
    return {
      ...status(),
      timings: { readMs: t1 - t0, buildMs: t2 - t1 },
      ...(startupStale && { startupStale }),
      ...(served > 0 && { summaryAnswers: served }),
    };
  }

  // A store written before dictionaries had records of their own keeps them in its meta records,
  // which every startup check reads: moved once, after the first screen had its answers.
  let dictionariesMoved = false;
  function moveDictionariesLater(d: StoreDb) {
    if (dictionariesMoved) return;
    dictionariesMoved = true;
    setTimeout(() => void moveInlineDictionaries(d).catch(() => undefined), MOVE_DICTIONARIES_MS);
  }

  /**
   * Keeps the default view's Overview for the next cold start (once per loaded data); `answer`
   * is asked only when `q` is the default view.
   */
  function rememberStartup(d: Dataset, q: Query, answer: () => OverviewResult) {
    if (startupWritten || !loadedVersion || d !== ds || d.orders.length === 0) return;
    const def = defaultRange(d);
    const filtered = Object.values(q.filters ?? {}).some((v) => Array.isArray(v) && v.length > 0);
    if (filtered || q.range.start !== def.start || q.range.end !== def.end) return;
    startupWritten = true;
    void db().then((store) =>
      writeStartup(store, {
        version: loadedVersion!,
        status: status(),
        dimensions: dimensionsOf(d),
        query: queryKey(q),
        overview: answer(),
      }),
    );
  }

  async function ensureLoaded(): Promise<Dataset> {
    if (!ds) await api.load();
    if (!ds || ds.orders.length === 0) {
      throw new WorkerApiError(
        'NoDataError',
        'no-data',
        'There is no store data on this device yet. Load the demo store or import your orders export.',
      );
    }
    return ds;
  }

  /** Generates and stores the demo store (the caller holds the store-writer lock), then loads it. */
  async function storeDemo(opts: DemoOptions): Promise<LoadResult> {
    const t0 = clock();
    const store = (deps.generateDemo ?? generateDemoStore)(opts);
    const t1 = clock();
    const d = await db();
    await writeDemoStore(d, store, `demo-${Date.now()}`);
    const t2 = clock();
    // The columns are already in memory: build from them instead of reading them back. The
    // caller holds the writer lock: the version read now is the version of what was written.
    loadedVersion = await storeVersion(d, startupDay());
    startupWritten = false;
    ds = datasetOf({ ...store, settings: store.settings });
    storedAt = Date.now();
    demo = true;
    warm();
    rememberSummaryLater(loadedVersion);
    const t3 = clock();
    return {
      ...status(),
      timings: { generateMs: t1 - t0, writeMs: t2 - t1, readMs: 0, buildMs: t3 - t2 },
    };
  }

  const readCosts = async () => costsOf(await (await db()).get('settings', SETTINGS_KEY));
  // Order names (#1001) are not among the analytics columns: read that one column when a table
  // of orders needs them, once per loaded dataset (same row order as the loaded orders).
  let namesCache: { ds: Dataset; names: Promise<StrCol | null> } | null = null;
  const readOrderNames = (of: Dataset): Promise<StrCol | null> => {
    if (namesCache?.ds !== of) {
      const names = (async () => {
        const tx = (await db()).transaction(['chunks', 'tableMeta'], 'readonly');
        const t = await readStoredTable(
          tx.objectStore('chunks'),
          tx.objectStore('tableMeta'),
          'orders',
          pickSpec(orderColumns, ['number']),
        );
        return t && t.length === of.orders.length ? t.columns.number : null;
      })().catch(() => null);
      namesCache = { ds: of, names };
    }
    return namesCache.names;
  };
  const profitQueries = createProfitQueries(
    ensureLoaded,
    readCosts,
    readOrderNames,
    async () => {
      const tx = (await db()).transaction(['chunks', 'tableMeta'], 'readonly');
      return readStoredTable(
        tx.objectStore('chunks'),
        tx.objectStore('tableMeta'),
        'labels',
        labelColumns,
      );
    },
    deps.fit,
  );
  const api = {
    ...createScreenQueries(ensureLoaded, async (keys) => readEmails(await db(), keys), readCosts),
    ...profitQueries,

    /**
     * The Overview's net profit card (see createProfitQueries). On a cold start, this month's card
     * kept from the last answer of the same data and day, while the store is read (the load
     * checks it); after a load, the answer for this month is kept for the next cold start.
     */
    async profitCard(month?: string): Promise<ProfitCard> {
      if (!ds && month === undefined && cold) {
        const d = await db();
        const kept = await readProfitCard<ProfitCard>(d, await versionCold(d));
        if (kept && !ds) {
          profitShown = kept;
          return kept;
        }
      }
      const at = await ensureLoaded();
      const card = await profitQueries.profitCard(month);
      const version = loadedVersion;
      if (month === undefined && ds === at && version && profitKept !== version) {
        profitKept = version;
        void db().then((d) => writeProfitCard(d, version, card));
      }
      return card;
    },

    /** Tracked competitor products with price history and the matched own product. */
    async competitors(): Promise<CompetitorsView> {
      return competitorsView(await db());
    },

    /** SEO audits captured by the extension. */
    async audits() {
      return auditsView(await db());
    },

    /** What a bundle file would add, update and delete here (nothing is written). */
    async previewBundle(bytes: Uint8Array) {
      return previewBundle(await db(), bytes);
    },

    /** Merges a bundle into this device's data in one transaction, then reloads. */
    async applyBundle(
      bytes: Uint8Array,
      fileName?: string,
      options?: { salt?: string; storeSync?: boolean },
    ) {
      const result = await withStoreWriter(async () =>
        applyBundle(await db(), bytes, fileName, options),
      );
      await api.reload();
      return result;
    },

    /** A gzipped bundle of this device's data: everything, or the own-catalog summary. */
    async exportBundle(what: 'everything' | 'catalog') {
      return exportBundle(await db(), what);
    },
    /** Loads the columns from IndexedDB once; later calls return the loaded status. */
    async load(): Promise<LoadResult> {
      if (ds) return { ...status(), timings: { readMs: 0, buildMs: 0 } };
      // Reading the store keeps this thread busy (its chunks are decoded here): the startup
      // entry's Overview goes out first, or after a second at most.
      if (startup && startupAsked)
        await Promise.race([
          startupAsked.done,
          new Promise<void>((ok) => setTimeout(ok, STARTUP_GRACE_MS)),
        ]);
      // A day summary being read on a cold start (for the Overview) is read first, for the same reason.
      if (summaryRead && !loading)
        await Promise.race([
          summaryRead,
          new Promise<void>((ok) => setTimeout(ok, STARTUP_GRACE_MS)),
        ]);
      if (ds) return { ...status(), timings: { readMs: 0, buildMs: 0 } };
      loading ??= readAndBuild().finally(() => (loading = null));
      return loading;
    },

    /** Drops the in-memory data and reads it again (after an import or a delete). */
    async reload(): Promise<LoadResult> {
      if (loading) await loading.catch(() => undefined);
      ds = null;
      return api.load();
    },

    /** Generates the demo store, stores it (replacing all data, in one transaction) and loads it. */
    async loadDemo(opts: DemoOptions = {}): Promise<LoadResult> {
      return withStoreWriter(() => storeDemo(opts));
    },

    /** How many orders and order lines are stored (without loading them), for the app's progress line. */
    async storedRows(): Promise<{ orders: number; lines: number }> {
      const metas = await (await db()).getAll('tableMeta');
      const rows = (t: string) => metas.find((m) => m.table === t)?.length ?? 0;
      return { orders: rows('orders'), lines: rows('lines') };
    },

    /** What is loaded (without loading). */
    async status(): Promise<DataStatus> {
      return status();
    },

    /** Deletes all stored data on this device and forgets the loaded data. */
    async deleteAllData(): Promise<DataStatus> {
      await withStoreWriter(async () => {
        const d = await db();
        await deleteAllData(d);
        await clearStartup(d);
      });
      warm();
      startup = null;
      ds = null;
      storedAt = null;
      demo = false;
      return status();
    },

    /** The values the filters offer (channels, product types, countries) and the refund dating. */
    async dimensions(): Promise<StartupDimensions> {
      return dimensionsOf(await ensureLoaded());
    },

    /**
     * A returning manager's first screen without reading the store: the status and filter values
     * of the startup entry when it matches the stored data (then `overview` answers its query at
     * once), or null (then `load` as usual). The app starts `load` right after, in the background.
     * `shown`: the entry the app already read itself and painted the Overview of (the load need
     * not wait for the Overview to be asked, and checks this copy against the data it reads);
     * kept only while the store's version is still its version (another tab may have written).
     * `shownCard`: the net profit card kept with it, which the app painted too (the load checks it).
     */
    async quickStart(
      opts: { shown?: StartupEntry<DataStatus>; shownCard?: ProfitCard } = {},
    ): Promise<{ status: DataStatus; dimensions: StartupDimensions } | null> {
      if (ds || loading) return null;
      const d = await db();
      const shown = opts.shown;
      const version = versionCold(d);
      if (shown) {
        startup = shown.version === (await version) ? shown : null;
        // Kept under the same version as the entry, which the app read it with.
        if (startup && opts.shownCard) profitShown = opts.shownCard;
      } else startup = await readStartup<DataStatus>(d, version);
      let resolve = () => {};
      const done = new Promise<void>((ok) => (resolve = ok));
      startupAsked = startup && !opts.shown ? { done, resolve } : null;
      if (startup) return { status: startup.status, dimensions: startup.dimensions };
      if (shown) return null;
      // No entry for this data (a first start after an import, or a new day): the day summary's,
      // which answers the Overview of any unfiltered range.
      const sum = await storedSummary();
      if (!sum || ds) return null;
      // The app draws with these: the load behind checks them with the summary.
      summaryShown = sum;
      return { status: sum.status, dimensions: sum.dimensions };
    },

    /** The Overview: KPIs with comparison, daily net sales and orders. */
    async overview(q: Query): Promise<OverviewResult> {
      if (!ds && startup && startup.query === queryKey(q)) {
        // After this answer is posted, not before: the read behind it then starts.
        const asked = startupAsked;
        setTimeout(() => asked?.resolve(), 0);
        return startup.overview;
      }
      if (!ds && unfiltered(q.filters)) {
        // A cold start: the stored day summary answers any range while the store is read.
        const sum = await storedSummary();
        if (sum && !ds) {
          summaryShown = sum;
          summaryAnswers++;
          summaryQuery = q;
          // The Overview is answered: a load waiting for the startup entry's need not wait on.
          const asked = startupAsked;
          setTimeout(() => asked?.resolve(), 0);
          return summaryOverview(sum.days, q);
        }
      }
      const d = await ensureLoaded();
      const answer = overview(d, q);
      rememberStartup(d, q, () => answer);
      return answer;
    },

    /** Sales measures per day, week or month. */
    async salesSeries(q: Query): Promise<SalesSeries> {
      return salesSeries(await ensureLoaded(), q);
    },

    /** Sales split by a dimension (channel, product type, vendor, country, code, product). */
    async salesBreakdown(q: Query, by: BreakdownDimension): Promise<BreakdownRow[]> {
      return salesBreakdown(await ensureLoaded(), q, by);
    },

    /** The `limit` products with the most units sold in a period (the Overview's top products). */
    async bestSellers(q: Query, limit = 10): Promise<BestSeller[]> {
      return bestSellers(await ensureLoaded(), q, limit);
    },

    /** Every stored A/B test with its verdict. */
    async experiments(
      opts: VerdictOptions = {},
    ): Promise<{ id: string; name: string; verdict: ExperimentVerdict }[]> {
      const d = ds ?? (await api.load(), ds);
      return (d?.experiments ?? []).map((e) => ({
        id: e.id,
        name: e.name,
        verdict: experimentVerdict(e, opts),
      }));
    },

    /**
     * Settings and the month targets, validated here and written together (or not at all). The
     * loaded data is rebuilt from the columns in memory, without reading the store again.
     */
    async saveSettings(settings: unknown, targets: unknown[]): Promise<DataStatus> {
      const sp = settingsSchema.safeParse(settings);
      if (!sp.success) invalid('Settings', sp.error.issues);
      const at = Date.now();
      const next: Target[] = targets.map((t, k) => {
        const tp = targetSchema.safeParse(t);
        if (!tp.success) invalid(`Target ${k + 1}`, tp.error.issues);
        return { ...tp.data, updatedAt: at };
      });
      const value: Settings = { ...sp.data, updatedAt: at };
      await withStoreWriter(async () => {
        const tx = (await db()).transaction(['settings', 'targets'], 'readwrite');
        await Promise.all([
          tx.objectStore('settings').put(value, SETTINGS_KEY),
          tx.objectStore('targets').clear(),
          ...next.map((t) => tx.objectStore('targets').put(t)),
          tx.done,
        ]);
      });
      if (loading) await loading.catch(() => undefined);
      // Timezone, currency, FX rates and refund dating change every precomputed day sum.
      if (ds) ds = createDataset({ ...ds.input, settings: value, targets: next });
      // Its version is read at the next load; until then no startup entry is kept.
      loadedVersion = null;
      return status();
    },

    /** The manager's commentary kept with a month's report ('' when none). */
    async reportNote(month: string): Promise<string> {
      const settings = (await db().then((d) => d.get('settings', SETTINGS_KEY))) ?? null;
      return settings?.reportNotes?.[month] ?? '';
    },

    /**
     * Keeps the manager's commentary with a month's report (an empty text removes it), in the
     * settings record so it travels with the store's settings.
     */
    async saveReportNote(month: string, text: string): Promise<string> {
      const mp = targetSchema.shape.month.safeParse(month);
      if (!mp.success) invalid('Report month', mp.error.issues);
      return withStoreWriter(async () => {
        const d = await db();
        const stored = (await d.get('settings', SETTINGS_KEY)) ?? null;
        if (!stored)
          throw new WorkerApiError(
            'NoDataError',
            'no-data',
            'There is no store on this device to keep commentary with. Load the demo store or import your orders first.',
          );
        const notes = { ...(stored?.reportNotes ?? {}) };
        if (text.trim() === '') delete notes[month];
        else notes[month] = text;
        const sp = settingsSchema.safeParse({
          ...stored,
          reportNotes: notes,
          updatedAt: Date.now(),
        });
        if (!sp.success) invalid('Commentary', sp.error.issues);
        await d.put('settings', sp.data, SETTINGS_KEY);
        return notes[month] ?? '';
      });
    },

    /** One A/B test, validated here; replaces the loaded test list in place (nothing else depends on it). */
    async saveExperiment(experiment: unknown): Promise<Experiment> {
      const ep = experimentSchema.safeParse(experiment);
      if (!ep.success) invalid('Experiment', ep.error.issues);
      const e = ep.data;
      e.variants.forEach((v, i) => {
        if (v.conversions > v.visitors)
          throw new WorkerApiError(
            'ValidationError',
            'invalid',
            `Experiment not saved: variant ${i + 1} (${v.name}) has more conversions (${v.conversions}) than visitors (${v.visitors}).`,
          );
      });
      if (e.endDate && e.endDate < e.startDate)
        throw new WorkerApiError(
          'ValidationError',
          'invalid',
          'Experiment not saved: endDate is before startDate.',
        );
      await withStoreWriter(async () => (await db()).put('experiments', e));
      if (loading) await loading.catch(() => undefined);
      if (ds) {
        const list = ds.experiments.filter((x) => x.id !== e.id);
        list.push(e);
        ds.experiments = list;
        ds.input = { ...ds.input, experiments: list };
      }
      return e;
    },

    ...createImportApi({
      db,
      reload: (): Promise<unknown> => api.reload(),
      invalidate: async (): Promise<void> => {
        if (loading) await loading.catch(() => undefined);
        ds = null;
        warm();
      },
      // Undo holds the store-writer lock already: the unlocked form.
      restoreDemo: (): Promise<unknown> => storeDemo({}),
      reopenDb: async (): Promise<StoreDb> => {
        const old = dbPromise;
        dbPromise = null;
        (await old?.catch(() => null))?.close();
        return db();
      },
      ...deps.parts,
    }),
  };
  return api;
}

/** The API's type: what the bridge's calls are checked against. */
export type AnalyticsApiImpl = ReturnType<typeof createAnalyticsApi>;
