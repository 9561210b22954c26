// The background side of the desktop bridge: it answers the bridge content script on the
// Storelens app's origin (and only there), exports the competitor data as a bundle and imports
// the own catalog from the app. Registration of the content script follows the user's setting.
import { browser, type Browser } from '#imports';
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
import { auditSchema, type CatalogItem } from '../../../core/schema/competitive.ts';
import { trackingDb } from '../tracking/store.ts';
import { replaceCatalogAndRematch } from '../tracking/service.ts';
import { originPattern } from '../origins.ts';
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

export type BridgeMessage =
  | { type: 'bridge:get-settings' }
  | { type: 'bridge:set-settings'; settings: BridgeSettings }
  | { type: 'bridge:status' }
  | { type: 'bridge:pull' }
  | { type: 'bridge:push'; bundle: string }
  | { type: 'bridge:export-file' }
  | { type: 'bridge:import-file'; bundle: string }
  | { type: 'bridge:save-audit'; audit: unknown };

export function isBridgeMessage(m: unknown): m is BridgeMessage {
  return (
    !!m &&
    typeof m === 'object' &&
    typeof (m as { type?: unknown }).type === 'string' &&
    (m as { type: string }).type.startsWith('bridge:')
  );
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
  const pattern = originPattern(s.origin);
  if (!(await browser.permissions.contains({ origins: [pattern] }))) return false;
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

/**
 * Keeps the latest SEO audit of a page the user analysed. The overlay runs in the page, so its
 * message is untrusted: only an audit of the sender's own page is kept, clipped and validated.
 */
async function saveAudit(
  db: ExtDb,
  raw: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<unknown> {
  if (!sender.tab || !sender.url || !raw || typeof raw !== 'object')
    return { ok: false, error: 'Not allowed.' };
  const a = raw as { url?: unknown; score?: unknown; findings?: unknown };
  let url: URL;
  try {
    url = new URL(String(a.url));
    if (url.origin !== new URL(sender.url).origin) return { ok: false, error: 'Not allowed.' };
  } catch {
    return { ok: false, error: 'The audit has no valid address.' };
  }
  url.hash = '';
  const now = Date.now();
  const findings = (Array.isArray(a.findings) ? a.findings : [])
    .slice(0, 200)
    .map((f: Record<string, unknown>) => ({
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
  if (!parsed.success) return { ok: false, error: 'The audit was not valid.' };
  await db.put('audits', parsed.data);
  return { ok: true };
}

function fromApp(sender: Browser.runtime.MessageSender, s: BridgeSettings): boolean {
  // Only the bridge content script on the configured app origin may pull or push.
  if (sender.id !== browser.runtime.id || !sender.tab) return false;
  try {
    return s.enabled && new URL(sender.url ?? '').origin === new URL(s.origin).origin;
  } catch {
    return false;
  }
}

async function handle(m: BridgeMessage, sender: Browser.runtime.MessageSender): Promise<unknown> {
  const db = await trackingDb();
  const settings = await getBridgeSettings();
  // Extension pages (options, competitors) may be open in a tab: recognise them by their URL.
  const fromExtensionPage =
    sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
  switch (m.type) {
    case 'bridge:get-settings':
      return {
        settings,
        active:
          (await browser.scripting.getRegisteredContentScripts({ ids: [BRIDGE_SCRIPT_ID] }))
            .length > 0,
      };
    case 'bridge:set-settings': {
      if (!fromExtensionPage)
        return { ok: false, error: 'Only the extension options can change the bridge.' };
      const origin = new URL(m.settings.origin).origin;
      const next = { enabled: m.settings.enabled, origin };
      await Promise.all([bridgeEnabledItem.setValue(next.enabled), pwaUrlItem.setValue(origin)]);
      return { ok: true, active: await syncBridgeRegistration(next) };
    }
    case 'bridge:status': {
      if (!fromApp(sender, settings) && !fromExtensionPage)
        return { ok: false, error: 'Not allowed.' };
      const [tracked, snaps, catalog, lastPushAt] = await Promise.all([
        db.getAll('trackedProducts'),
        readSnapshots(db),
        db.count('catalog'),
        getExtSetting<number | null>(db, LAST_PUSH, null),
      ]);
      const status: BridgeStatus = {
        tracked: live(tracked).length,
        snapshots: snaps.length,
        catalog,
        lastPushAt,
      };
      return { ok: true, status };
    }
    case 'bridge:pull':
    case 'bridge:export-file':
      if (m.type === 'bridge:pull' ? !fromApp(sender, settings) : !fromExtensionPage)
        return { ok: false, error: 'Not allowed.' };
      return { ok: true, bundle: toBase64(await exportCompetitive(db)) };
    case 'bridge:save-audit':
      return saveAudit(db, m.audit, sender);
    case 'bridge:push':
    case 'bridge:import-file':
      if (m.type === 'bridge:push' ? !fromApp(sender, settings) : !fromExtensionPage)
        return { ok: false, error: 'Not allowed.' };
      return { ok: true, catalog: await importCatalog(db, fromBase64(m.bundle)) };
  }
}

/** Registers the bridge in the background (call once from defineBackground). */
export function registerBridge(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    if (!isBridgeMessage(message)) return false;
    handle(message, sender).then(sendResponse, (err: unknown) =>
      sendResponse({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
    return true;
  });
  // Registrations persist, but a changed permission (revoked in browser settings) is re-checked.
  void getBridgeSettings()
    .then(syncBridgeRegistration)
    .catch(() => undefined);
}
