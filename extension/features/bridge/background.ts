// The background side of the desktop bridge: it answers the bridge content script on the
// Storelens app's origin (and only there), exports the competitor data as a bundle and imports
// the own catalog from the app. Registration of the content script follows the user's setting.
import { browser } from '#imports';
import { getExtSetting, readSnapshots, setExtSetting, type ExtDb } from '../../../core/db/ext.ts';
import {
  decodeBundle,
  encodeBundle,
  fromBase64,
  live,
  makeBundle,
  toBase64,
  type BridgeStatus,
  snapshotRecordsOf,
} from '../../../core/sync/index.ts';
import { z } from '../../../core/schema/common.ts';
import { auditSchema, type CatalogItem } from '../../../core/schema/competitive.ts';
import { handler, webOrigin } from '../messages.ts';
import { trackingDb } from '../tracking/store.ts';
import { replaceCatalogAndRematch } from '../tracking/service.ts';
import { exactOriginPattern, originPattern } from '../origins.ts';
import { pwaUrlItem } from '../settings.ts';
import { bridgeEnabledItem } from './settings.ts';

export const BRIDGE_SCRIPT_ID = 'storelens-bridge';
export const BRIDGE_SCRIPT = '/content-scripts/bridge.js';
const LAST_PUSH = 'bridge.lastPushAt';

export interface BridgeSettings {
  enabled: boolean;
  /** The Storelens app's origin, e.g. http://127.0.0.1:4173 (npm start) or where it is deployed. */
  origin: string;
}

/** The competitor data as a gzipped bundle (tracked products with tombstones, snapshots, matches, audits). */
export async function exportCompetitive(db: ExtDb): Promise<Uint8Array> {
  const [tracked, snaps, matches, audits] = await Promise.all([
    db.getAll('trackedProducts'),
    readSnapshots(db),
    db.getAll('matches'),
    db.getAll('audits'),
  ]);
  const entities = {
    trackedProducts: tracked,
    snapshots: snapshotRecordsOf(snaps),
    matches,
    audits,
  };
  return encodeBundle(
    makeBundle('extension', entities, Date.now(), `${live(tracked).length} tracked products`),
  );
}

/** Takes the own catalog from a bundle (from the app or a file); returns how many products. */
export async function importCatalog(db: ExtDb, bytes: Uint8Array): Promise<number> {
  const bundle = await decodeBundle(bytes);
  const items = (bundle.entities.catalog ?? []).filter(
    (c): c is CatalogItem => !('deleted' in c && c.deleted === true),
  );
  if (!bundle.entities.catalog) {
    throw new Error(
      'This bundle has no own catalog. In the Storelens app, use Settings → "Export catalog for the extension".',
    );
  }
  await replaceCatalogAndRematch(db, items, Date.now());
  await setExtSetting(db, LAST_PUSH, Date.now());
  return items.length;
}

export async function getBridgeSettings(): Promise<BridgeSettings> {
  const [enabled, origin] = await Promise.all([
    bridgeEnabledItem.getValue(),
    pwaUrlItem.getValue(),
  ]);
  return { enabled, origin };
}

/** Registers (or removes) the bridge content script for the app's origin; true when active. */
export async function syncBridgeRegistration(s: BridgeSettings): Promise<boolean> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [BRIDGE_SCRIPT_ID] });
  if (existing.length > 0)
    await browser.scripting.unregisterContentScripts({ ids: [BRIDGE_SCRIPT_ID] });
  if (!s.enabled) return false;
  // Host permissions cover every port of a host; the script runs on the app's exact origin only.
  if (!(await browser.permissions.contains({ origins: [originPattern(s.origin)] }))) return false;
  const pattern = exactOriginPattern(s.origin, !import.meta.env.FIREFOX);
  await browser.scripting.registerContentScripts([
    {
      id: BRIDGE_SCRIPT_ID,
      js: [BRIDGE_SCRIPT],
      matches: [pattern],
      runAt: 'document_start',
      persistAcrossSessions: true,
    },
  ]);
  // Tabs of the app that are already open get the script now.
  for (const tab of await browser.tabs.query({ url: pattern })) {
    if (tab.id != null)
      void browser.scripting
        .executeScript({ target: { tabId: tab.id }, files: [BRIDGE_SCRIPT] })
        .catch(() => undefined);
  }
  return true;
}

const clip = (v: unknown, n: number) => String(v ?? '').slice(0, n);

/** The fields of an SEO audit the overlay sends; clipped and validated again before it is kept. */
export interface AuditInput {
  url: string;
  score: number;
  findings: { id: string; status: string; title: string; detail: string; fix: string }[];
}

/**
 * Keeps the latest SEO audit of a page the user analysed. The overlay runs in the page, so its
 * message is untrusted: only an audit of the sender's own page reaches here (the dispatcher checks
 * `about`), and it is clipped and validated.
 */
async function saveAudit(a: AuditInput): Promise<{ ok: true }> {
  const url = new URL(a.url);
  url.hash = '';
  const now = Date.now();
  const findings = (Array.isArray(a.findings) ? a.findings : []).slice(0, 200).map((f) => ({
    id: clip(f?.id, 80),
    status: f?.status,
    title: clip(f?.title, 300),
    detail: clip(f?.detail, 2000),
    fix: clip(f?.fix, 1000),
  }));
  const parsed = auditSchema.safeParse({
    id: `audit:${url.href}`,
    url: url.href,
    at: now,
    score: a.score,
    findings,
    updatedAt: now,
    deleted: false,
  });
  if (!parsed.success) throw new Error('The audit was not valid.');
  await (await trackingDb()).put('audits', parsed.data);
  return { ok: true };
}

async function bridgeStatus(): Promise<{ ok: true; status: BridgeStatus }> {
  const db = await trackingDb();
  const [tracked, snaps, catalog, lastPushAt] = await Promise.all([
    db.getAll('trackedProducts'),
    readSnapshots(db),
    db.count('catalog'),
    getExtSetting<number | null>(db, LAST_PUSH, null),
  ]);
  return {
    ok: true,
    status: { tracked: live(tracked).length, snapshots: snaps.length, catalog, lastPushAt },
  };
}

const bundleInput = z.object({ bundle: z.string().max(512 * 1024 * 1024) });

export const bridgeHandlers = {
  /** Options → background: the bridge switch, the app address, and whether the script is registered. */
  'bridge:get-settings': handler({
    from: ['extension'],
    run: async () => ({
      settings: await getBridgeSettings(),
      active:
        (await browser.scripting.getRegisteredContentScripts({ ids: [BRIDGE_SCRIPT_ID] })).length >
        0,
    }),
  }),
  /** Options → background: turn the bridge on or off for an app address. */
  'bridge:set-settings': handler({
    from: ['extension'],
    input: z.object({ settings: z.object({ enabled: z.boolean(), origin: z.string().max(2000) }) }),
    run: async ({ settings }) => {
      const origin = webOrigin(settings.origin);
      if (!origin) throw new Error('The app address must start with http:// or https://.');
      const next = { enabled: settings.enabled, origin };
      await Promise.all([bridgeEnabledItem.setValue(next.enabled), pwaUrlItem.setValue(origin)]);
      return { ok: true as const, active: await syncBridgeRegistration(next) };
    },
  }),
  /** Bridge (app) or options → background: what the extension holds. */
  'bridge:status': handler({ from: ['app', 'extension'], run: bridgeStatus }),
  /** Bridge (app) → background: the competitor data as a bundle. */
  'bridge:pull': handler({
    from: ['app'],
    run: async () => ({
      ok: true as const,
      bundle: toBase64(await exportCompetitive(await trackingDb())),
    }),
  }),
  /** Options → background: the competitor data as a bundle file. */
  'bridge:export-file': handler({
    from: ['extension'],
    run: async () => ({
      ok: true as const,
      bundle: toBase64(await exportCompetitive(await trackingDb())),
    }),
  }),
  /** Bridge (app) → background: the own catalog from the app. */
  'bridge:push': handler({
    from: ['app'],
    input: bundleInput,
    run: async ({ bundle }) => ({
      ok: true as const,
      catalog: await importCatalog(await trackingDb(), fromBase64(bundle)),
    }),
  }),
  /** Options → background: the own catalog from a bundle file. */
  'bridge:import-file': handler({
    from: ['extension'],
    input: bundleInput,
    run: async ({ bundle }) => ({
      ok: true as const,
      catalog: await importCatalog(await trackingDb(), fromBase64(bundle)),
    }),
  }),
  /** Overlay → background: the latest SEO audit of the sender's page. */
  'bridge:save-audit': handler({
    from: ['tab'],
    input: z.object({ audit: z.custom<AuditInput>((v) => typeof v === 'object' && v !== null) }),
    invalid: 'The audit was not valid.',
    about: ({ audit }) => (typeof audit.url === 'string' ? audit.url : undefined),
    run: ({ audit }) => saveAudit(audit),
  }),
};

/** The app's origin while the bridge is on (for the dispatcher's `app` senders), else null. */
export async function bridgeAppOrigin(): Promise<string | null> {
  const s = await getBridgeSettings();
  return s.enabled ? webOrigin(s.origin) : null;
}

/** Keeps the bridge's registration in step with its setting (call once from defineBackground). */
export function registerBridge(): void {
  // Registrations persist, but a changed permission (revoked in browser settings) is re-checked.
  void getBridgeSettings()
    .then(syncBridgeRegistration)
    .catch(() => undefined);
}
