/**
 * Bundles in the PWA: preview what a bundle would add, update and delete; apply it in one
 * transaction (all or nothing); export the device's data (everything for another device, or the
 * own-catalog summary for the extension).
 */
import {
  decodeBundle,
  encodeBundle,
  emptySyncState,
  live,
  makeBundle,
  planBundle,
  sharedSettingsOf,
  tableFromJson,
  tableToJson,
  undoPlan,
  bundleTableNames,
  type Bundle,
  type BundlePlan,
  type BundleTableName,
  type LocalSettings,
  type RecordEntity,
  type SettingChange,
  type SyncState,
  snapshotRecordsOf,
} from '../sync/index.ts';
import {
  emptyTable,
  factTables,
  labelColumns,
  lineColumns,
  orderColumns,
  snapshotColumns,
  spendColumns,
  tableFromRows,
  trafficColumns,
  type CatalogItem,
  type LabelsTable,
  type Product,
  type LinesTable,
  type OrdersTable,
  type SnapshotsTable,
  type SpendTable,
  type TrafficTable,
} from '../schema/index.ts';
import { mergeOrders, mergeTableByKey, orderChanges } from '../ingest/merge.ts';
import { noChanges, productChangeKinds, type StoreChanges } from '../connect/changes.ts';
import { readAll, writeTables, type FactTables, type StoreDb } from '../db/store.ts';
import {
  dropOlderSnapshots,
  restoredTables,
  rowKeys,
  rowsWhere,
  type StoredImport,
  type UndoSnapshot,
} from './import/index.ts';
import { LABEL_KEY } from './import/plan.ts';

/** What undoing a bundle needs: the records it replaced or added, and the table rows it replaced. */
export interface BundleUndo {
  records: BundlePlan['undo'];
  snapshots?: SnapshotsTable;
  orders?: { keys: string[]; prev: OrdersTable; prevLines: LinesTable };
  traffic?: { keys: string[]; prev: TrafficTable };
  spend?: { keys: string[]; prev: SpendTable };
  labels?: { keys: string[]; prev: LabelsTable };
}

type Stored = { state: SyncState; data: Awaited<ReturnType<typeof readAll>> };

/** The stored data with everything emptied (the starting point when a bundle replaces the demo). */
function emptyStored(data: Stored['data']): Stored {
  return {
    state: emptySyncState(),
    data: {
      ...data,
      orders: emptyTable(orderColumns),
      lines: emptyTable(lineColumns),
      traffic: emptyTable(trafficColumns),
      spend: emptyTable(spendColumns),
      labels: emptyTable(labelColumns),
      snapshots: emptyTable(snapshotColumns),
      products: [],
      experiments: [],
      targets: [],
      trackedProducts: [],
      settings: null,
    },
  };
}

/**
 * The stored state in bundle terms. The store's order, line, traffic, spend and label tables are read only
 * when `storeTables` is set (a bundle that carries them, or undoing one): a competitor-only sync on a
 * big store then reads no order columns.
 */
async function readState(
  db: StoreDb,
  storeTables: boolean,
): Promise<{ state: SyncState; data: Awaited<ReturnType<typeof readAll>> }> {
  const data = storeTables
    ? await readAll(db)
    : {
        ...(await readAll(db, {
          columns: { orders: [], lines: [], traffic: [], spend: [], labels: [] },
        })),
        orders: emptyTable(orderColumns),
        lines: emptyTable(lineColumns),
        traffic: emptyTable(trafficColumns),
        spend: emptyTable(spendColumns),
        labels: emptyTable(labelColumns),
      };
  const [matches, audits] = await Promise.all([db.getAll('matches'), db.getAll('audits')]);
  const state: SyncState = {
    ...emptySyncState(),
    trackedProducts: data.trackedProducts,
    snapshots: snapshotRecordsOf(data.snapshots),
    audits,
    matches,
    products: data.products,
    experiments: data.experiments,
    targets: data.targets,
    ...(data.settings ? { settings: data.settings } : {}),
  };
  return { state, data };
}

export interface BundlePreview {
  source: Bundle['source'];
  createdAt: number;
  counts: BundlePlan['counts'];
  /** Rows of store fact tables the bundle carries (merged by key on apply). */
  tables: Partial<Record<BundleTableName, number>>;
  /** The store settings that would change, in words ("store timezone America/New_York → UTC"). */
  changes: string[];
  /** The bundle carries store data and this device holds the demo store: the demo goes. */
  replacesDemo: boolean;
  noop: boolean;
}

function tablesOf(b: Bundle): BundlePreview['tables'] {
  const t = b.entities.tables ?? {};
  const out: BundlePreview['tables'] = {};
  for (const k of bundleTableNames) if (t[k]) out[k] = t[k]!.length;
  return out;
}

const refundDatingText = { refund: 'by refund date', order: 'by order date' } as const;

/** One settings change in the words of the Settings screen. */
export function settingChangeText(c: SettingChange): string {
  switch (c.field) {
    case 'timezone':
      return c.from === null ? `store timezone ${c.to}` : `store timezone ${c.from} → ${c.to}`;
    case 'currency':
      return c.from === null
        ? `reporting currency ${c.to}`
        : `reporting currency ${c.from} → ${c.to}`;
    case 'refundDating': {
      const t = (v: string) => refundDatingText[v as keyof typeof refundDatingText] ?? v;
      return c.from === null
        ? `refunds counted ${t(c.to)}`
        : `refunds counted ${t(c.from)} → ${t(c.to)}`;
    }
    case 'fxRates':
      return c.from === null ? `exchange rates ${c.to}` : `exchange rates ${c.from} → ${c.to}`;
    case 'costs':
      return c.from === null
        ? 'profit costs (payment fees, shipping, fixed costs, margins)'
        : 'profit costs (payment fees, shipping, fixed costs, margins) replaced by the bundle’s';
  }
}

function newSalt(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The merge of a bundle into what is stored, shared by the preview and the apply so both say the
 * same. Settings that belong to this device never come from the bundle: when the device has none
 * (or the bundle replaces the demo store), they are made here: demo off, the keep-emails opt-in
 * as the user set it, a fresh salt.
 */
function planFor(stored: Stored, bundle: Bundle, keyedWith?: string) {
  const hasTables = Object.keys(bundle.entities.tables ?? {}).length > 0;
  // Real store data never mixes with the demo store's: a bundle with store tables replaces the
  // demo entirely, as an import does (undo brings the demo back).
  const prev = stored.data.settings;
  const replacedDemo = prev?.demo === true && hasTables;
  const { state, data } = replacedDemo ? emptyStored(stored.data) : stored;
  const local: LocalSettings = {
    demo: false,
    keepEmails: prev?.keepEmails === true,
    // A store sync's customer keys were made with the salt the app sent the extension: the
    // settings made now take that one, so later imports and syncs key customers alike.
    salt: keyedWith || newSalt(),
    ...(prev?.locale !== undefined && { locale: prev.locale }),
  };
  const plan = planBundle(state, bundle, { localSettings: local });
  // The demo's settings must not survive it (demo: true would make the next import replace
  // the bundle's data as "the demo"): without settings in the bundle, keep the demo's shared ones.
  let settings = plan.undo.settings !== undefined ? plan.next.settings : undefined;
  if (replacedDemo && !settings && prev) settings = { ...prev, ...local };
  return { plan, state, data, replacedDemo, settings };
}

/** What a bundle would change, without writing anything. */
export async function previewBundle(db: StoreDb, bytes: Uint8Array): Promise<BundlePreview> {
  const bundle = await decodeBundle(bytes);
  const stored = await readState(db, false);
  const { plan, replacedDemo } = planFor(stored, bundle);
  const tables = tablesOf(bundle);
  return {
    source: bundle.source,
    createdAt: bundle.createdAt,
    counts: plan.counts,
    tables,
    changes: plan.settingsChanges.map(settingChangeText),
    replacesDemo: replacedDemo,
    noop: plan.noop && Object.keys(tables).length === 0,
  };
}

/**
 * A store connection's products carry what the platform keeps (title, price, compare-at price,
 * stock, and the cost where Shopify has one); the fields a manager sets here or imports — lead
 * times, minimum order quantity, units on order, weight, a cost the platform lacks (WooCommerce
 * has none), a barcode — come empty from it. A synced product therefore keeps those from the
 * stored record of its SKU instead of wiping them (a device's bundle still replaces the whole
 * record: there both sides keep the same fields).
 */
export function keepManagerFields(incoming: readonly Product[], stored: readonly Product[]) {
  const bySku = new Map(stored.map((p) => [p.sku, p]));
  return incoming.map((p): Product => {
    const had = bySku.get(p.sku);
    if (!had) return p;
    const weight = p.weight ?? had.weight;
    return {
      ...p,
      cost: p.cost ?? had.cost,
      barcode: p.barcode || had.barcode,
      onOrder: p.onOrder || had.onOrder,
      leadTimeDays: p.leadTimeDays ?? had.leadTimeDays,
      leadTimeSdDays: p.leadTimeSdDays ?? had.leadTimeSdDays,
      moq: p.moq ?? had.moq,
      ...(weight != null && { weight }),
    };
  });
}

/** Applies a bundle: merges every entity and table and writes them in one transaction. */
export async function applyBundle(
  db: StoreDb,
  bytes: Uint8Array,
  fileName = 'bundle',
  /**
   * `salt`: the salt the bundle's customer keys were made with (a store sync's). `storeSync`: the
   * bundle is a store connection's sync (keepManagerFields).
   */
  options: { salt?: string; storeSync?: boolean } = {},
): Promise<{
  counts: BundlePlan['counts'];
  tables: BundlePreview['tables'];
  changes: string[];
  /** Orders and products new, changed (and how) or brought again unchanged: a sync's "what changed". */
  stored: StoreChanges;
}> {
  let bundle = await decodeBundle(bytes);
  const t = bundle.entities.tables ?? {};
  const stored = await readState(db, Object.keys(t).length > 0);
  const synced = bundle.entities.products;
  if (options.storeSync && synced && stored.data.settings?.demo !== true) {
    bundle = {
      ...bundle,
      entities: { ...bundle.entities, products: keepManagerFields(synced, stored.state.products) },
    };
  }
  const { plan, data, replacedDemo, settings } = planFor(stored, bundle, options.salt);
  const tables: Partial<FactTables> = {};
  const took = noChanges();
  if (t.orders || t.lines) {
    const incoming = {
      orders: t.orders
        ? tableFromJson('orders', orderColumns, t.orders)
        : tableFromRows(orderColumns, []),
      lines: t.lines
        ? tableFromJson('lines', lineColumns, t.lines)
        : tableFromRows(lineColumns, []),
    };
    took.orders = orderChanges(data.orders, data.lines, incoming);
    const merged = mergeOrders(data.orders, data.lines, incoming);
    tables.orders = merged.orders;
    tables.lines = merged.lines;
  }
  if (t.traffic) {
    tables.traffic = mergeTableByKey(
      trafficColumns,
      data.traffic,
      tableFromJson('traffic', trafficColumns, t.traffic),
      ['date', 'channel'],
    );
  }
  if (t.spend) {
    tables.spend = mergeTableByKey(
      spendColumns,
      data.spend,
      tableFromJson('spend', spendColumns, t.spend),
      ['date', 'channel', 'campaign'],
    );
  }
  if (t.labels) {
    // Keyed and merged as the label-cost import does (a re-sent label replaces itself).
    tables.labels = mergeTableByKey(
      labelColumns,
      data.labels,
      tableFromJson('labels', labelColumns, t.labels),
      [...LABEL_KEY],
    );
  }
  if (plan.counts.snapshots) {
    const rows = plan.next.snapshots.sort((a, b) => a.at - b.at);
    tables.snapshots = tableFromRows(snapshotColumns, rows);
  }
  const n = plan.next;
  const counts = plan.counts;
  const undo: BundleUndo = { records: plan.undo };
  if (tables.orders) {
    const incoming = new Set(
      rowKeys(
        tableFromJson(
          'orders',
          orderColumns,
          t.orders ?? tableToJson(orderColumns, tableFromRows(orderColumns, [])),
        ),
        ['id'],
      ),
    );
    undo.orders = {
      keys: [...incoming],
      prev: rowsWhere(orderColumns, data.orders, rowKeys(data.orders, ['id']), incoming, true),
      prevLines: rowsWhere(
        lineColumns,
        data.lines,
        rowKeys(data.lines, ['orderId']),
        incoming,
        true,
      ),
    };
  }
  if (tables.traffic && t.traffic) {
    const keys = new Set(
      rowKeys(tableFromJson('traffic', trafficColumns, t.traffic), ['date', 'channel']),
    );
    undo.traffic = {
      keys: [...keys],
      prev: rowsWhere(
        trafficColumns,
        data.traffic,
        rowKeys(data.traffic, ['date', 'channel']),
        keys,
        true,
      ),
    };
  }
  if (tables.spend && t.spend) {
    const keys = new Set(
      rowKeys(tableFromJson('spend', spendColumns, t.spend), ['date', 'channel', 'campaign']),
    );
    undo.spend = {
      keys: [...keys],
      prev: rowsWhere(
        spendColumns,
        data.spend,
        rowKeys(data.spend, ['date', 'channel', 'campaign']),
        keys,
        true,
      ),
    };
  }
  if (tables.labels && t.labels) {
    const keys = new Set(rowKeys(tableFromJson('labels', labelColumns, t.labels), LABEL_KEY));
    undo.labels = {
      keys: [...keys],
      prev: rowsWhere(labelColumns, data.labels, rowKeys(data.labels, LABEL_KEY), keys, true),
    };
  }
  if (tables.snapshots) undo.snapshots = data.snapshots;
  if (replacedDemo) {
    tables.orders ??= data.orders;
    tables.lines ??= data.lines;
    tables.traffic ??= data.traffic;
    tables.spend ??= data.spend;
    tables.labels ??= data.labels;
    tables.snapshots ??= data.snapshots;
  }
  // Written when any record is taken, a newer stamp of the same content too (so every device
  // keeps the same stamps), though the counts call that one unchanged.
  const changed = (e: RecordEntity) => {
    const u = plan.undo[e];
    return !!u && u.replaced.length + u.addedKeys.length > 0;
  };
  const pc = counts.products;
  if (pc) {
    const now = new Map(n.products.map((p) => [p.sku, p]));
    const kinds = took.products.kinds;
    for (const before of (plan.undo.products?.replaced ?? []) as Product[]) {
      const after = now.get(before.sku);
      if (!after) continue;
      for (const k of productChangeKinds(before, after)) kinds[k]++;
    }
    took.products = {
      ...took.products,
      added: pc.added,
      changed: pc.updated,
      unchanged: pc.unchanged,
    };
  }
  const importId = `bundle-${Date.now()}`;
  const undoSnapshot: UndoSnapshot = { replacedDemo, bundle: undo };
  await writeTables(db, tables, {
    importRecord: {
      id: importId,
      at: Date.now(),
      source: 'bundle',
      fileName,
      bytes: bytes.length,
      tables: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v!.length])),
      notes: [
        `From the ${bundle.source.app === 'pwa' ? 'Storelens app' : 'Storelens extension'}${bundle.source.label ? ` (${bundle.source.label})` : ''}, made ${new Date(bundle.createdAt).toISOString()}`,
      ],
      undo: undoSnapshot,
    } as StoredImport,
    replace: {
      ...((replacedDemo || changed('trackedProducts')) && { trackedProducts: n.trackedProducts }),
      ...((replacedDemo || changed('matches')) && { matches: n.matches }),
      ...((replacedDemo || changed('audits')) && { audits: n.audits }),
      ...((replacedDemo || changed('products')) && { products: n.products }),
      ...((replacedDemo || changed('experiments')) && { experiments: n.experiments }),
      ...((replacedDemo || changed('targets')) && { targets: n.targets }),
      ...(settings && { settings }),
    },
  });
  await dropOlderSnapshots(db, importId);
  return {
    counts,
    tables: tablesOf(bundle),
    changes: plan.settingsChanges.map(settingChangeText),
    stored: took,
  };
}

/** The own-catalog summary the extension shows next to a competitor's price. */
export function catalogSummary(
  products: SyncState['products'],
  daysOfCover: (sku: string) => number | null,
): CatalogItem[] {
  return products.map((p) => ({
    sku: p.sku,
    title: p.variantTitle ? `${p.title} – ${p.variantTitle}` : p.title,
    gtin: p.barcode,
    mpn: '',
    brand: p.vendor,
    currency: p.currency,
    price: p.price,
    onHand: p.onHand,
    daysOfCover: daysOfCover(p.sku),
    updatedAt: p.updatedAt,
  }));
}

/**
 * Exports a bundle: `everything` (store tables and records, for another device) or `catalog`
 * (the own-catalog summary and settings, for the extension).
 */
export async function exportBundle(
  db: StoreDb,
  what: 'everything' | 'catalog',
  daysOfCover: (sku: string) => number | null = () => null,
): Promise<Uint8Array> {
  const { state: full, data } = await readState(db, what === 'everything');
  // The salt, the opt-ins and the demo flag belong to this device: they never leave it.
  const state: SyncState = full.settings
    ? {
        ...full,
        settings: { ...sharedSettingsOf(full.settings), demo: false, keepEmails: false, salt: '' },
      }
    : full;
  const catalog = catalogSummary(state.products, daysOfCover);
  const entities: Bundle['entities'] =
    what === 'catalog'
      ? { catalog, ...(state.settings ? { settings: state.settings } : {}) }
      : {
          trackedProducts: state.trackedProducts,
          snapshots: state.snapshots,
          audits: state.audits,
          matches: state.matches,
          catalog,
          products: state.products,
          experiments: state.experiments,
          targets: state.targets,
          ...(state.settings ? { settings: state.settings } : {}),
          tables: {
            orders: tableToJson(factTables.orders, data.orders),
            lines: tableToJson(factTables.lines, data.lines),
            traffic: tableToJson(factTables.traffic, data.traffic),
            spend: tableToJson(factTables.spend, data.spend),
            labels: tableToJson(factTables.labels, data.labels),
          },
        };
  return encodeBundle(
    makeBundle('pwa', entities, Date.now(), `${live(state.products).length} products`),
  );
}

/**
 * Undoes a merged bundle: puts back the records it replaced, drops the ones it added, and restores
 * the table rows it replaced, with the undone import record, in one transaction.
 */
export async function undoBundle(
  db: StoreDb,
  snapshot: UndoSnapshot,
  done: StoredImport,
): Promise<void> {
  const u = snapshot.bundle!;
  const { state, data } = await readState(db, !!(u.orders || u.traffic || u.spend || u.labels));
  const before = undoPlan(state, u.records);
  const tables = restoredTables(u, data);
  if (u.snapshots) tables.snapshots = u.snapshots;
  const touched = (e: keyof BundlePlan['undo']) => e in u.records;
  await writeTables(db, tables, {
    importRecord: done,
    replace: {
      ...(touched('trackedProducts') && { trackedProducts: before.trackedProducts }),
      ...(touched('matches') && { matches: before.matches }),
      ...(touched('audits') && { audits: before.audits }),
      ...(touched('products') && { products: before.products }),
      ...(touched('experiments') && { experiments: before.experiments }),
      ...(touched('targets') && { targets: before.targets }),
      // A device that had no settings before the bundle has none after undoing it.
      ...(touched('settings') && { settings: before.settings ?? null }),
    },
  });
}
