// Every message the background answers, sent from each kind of sender through the real handler
// map and dispatcher: a content script of another origin, a tab the user never opened Storelens
// on, a frame inside the page, a page on another port of the app's host and another extension
// are refused before anything runs; the intended sender is served. The expected senders per
// message are written out here by hand (from the policy), not read from the handler map.
import { readFile } from 'node:fs/promises';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('#imports', async () => {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  // WXT's storage reads the global extension API when it loads.
  (globalThis as { chrome?: unknown }).chrome = fakeBrowser;
  const { storage } = await import('wxt/utils/storage');
  return { browser: fakeBrowser, storage };
});

import { browser } from '#imports';
import {
  makeBundle,
  encodeBundle,
  toBase64,
  decodeBundle,
  fromBase64,
} from '../../../core/sync/index.ts';
import { markActivated } from '../../../extension/features/activation.ts';
import { backgroundEnv, backgroundHandlers } from '../../../extension/features/background-api.ts';
import { bridgeEnabledItem } from '../../../extension/features/bridge/settings.ts';
import { syncBridgeRegistration } from '../../../extension/features/bridge/background.ts';
import { dispatch, type Reply, type SenderFacts } from '../../../extension/features/messages.ts';
import { exactOriginPattern } from '../../../extension/features/origins.ts';
import { readerHandlers } from '../../../extension/features/content-api.ts';
import { panelHandlers } from '../../../extension/features/panel-api.ts';
import { extensionOnlyEnv } from '../../../extension/features/send.ts';
import { pwaUrlItem, sitePrefsItem } from '../../../extension/features/settings.ts';
import { catalogFromExport } from '../../../extension/features/tracking/catalog.ts';
import { trackingDb } from '../../../extension/features/tracking/store.ts';

const ID = browser.runtime.id;
const EXT = browser.runtime.getURL('/');
const APP = 'http://127.0.0.1:4173';
const SHOP = 'https://shop.example';

type SenderName =
  | 'extension page'
  | 'activated tab'
  | 'activated tab, now on another origin'
  | 'frame inside the activated tab'
  | 'tab never activated'
  | 'app'
  | 'app host, other port'
  | 'other extension';

const senders: Record<SenderName, SenderFacts> = {
  'extension page': { id: ID, url: `${EXT}options.html`, tab: { id: 1 }, frameId: 0 },
  'activated tab': {
    id: ID,
    url: `${SHOP}/products/trail-runner`,
    origin: SHOP,
    tab: { id: 7 },
    frameId: 0,
  },
  'activated tab, now on another origin': {
    id: ID,
    url: 'https://evil.example/',
    origin: 'https://evil.example',
    tab: { id: 7 },
    frameId: 0,
  },
  'frame inside the activated tab': {
    id: ID,
    url: `${SHOP}/widget`,
    origin: SHOP,
    tab: { id: 7 },
    frameId: 3,
  },
  'tab never activated': {
    id: ID,
    url: 'https://evil.example/p',
    origin: 'https://evil.example',
    tab: { id: 8 },
    frameId: 0,
  },
  app: { id: ID, url: `${APP}/#/import`, origin: APP, tab: { id: 9 }, frameId: 0 },
  'app host, other port': {
    id: ID,
    url: 'http://127.0.0.1:4180/products/trail-runner',
    origin: 'http://127.0.0.1:4180',
    tab: { id: 10 },
    frameId: 0,
  },
  'other extension': { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' },
};

type Type = keyof typeof backgroundHandlers;

/** Who the issue says may send each message, and a well-formed message of each type. */
const policy: Record<Type, { from: SenderName[]; message: Record<string, unknown> }> = {
  'storelens:probe-globals': { from: ['activated tab'], message: {} },
  'storelens:load-app': { from: ['activated tab'], message: {} },
  'storelens:get-site-prefs': { from: ['activated tab'], message: {} },
  'storelens:update-site-prefs': { from: ['activated tab'], message: { change: { dock: 'left' } } },
  'storelens:sync-auto-open': { from: ['extension page'], message: {} },
  'tracking:track': {
    from: ['extension page'],
    message: { input: { url: `${SHOP}/products/trail-runner`, name: 'Trail Runner', price: 129 } },
  },
  'tracking:page': {
    from: ['extension page'],
    message: { url: `${SHOP}/products/trail-runner` },
  },
  'tracking:untrack': { from: ['extension page'], message: { ids: ['nothing'] } },
  'tracking:pause': { from: ['extension page'], message: { ids: ['nothing'], paused: true } },
  'tracking:overview': { from: ['extension page'], message: {} },
  'tracking:check-now': { from: ['extension page'], message: { ids: [] } },
  'tracking:get-settings': { from: ['extension page'], message: {} },
  'tracking:set-settings': { from: ['extension page'], message: { settings: {} } },
  'tracking:replace-catalog': { from: ['extension page'], message: { items: [] } },
  'tracking:set-match': {
    from: ['extension page'],
    message: { trackedProductId: 'nothing', sku: 'OWN-RR-09', status: 'rejected' },
  },
  'tracking:notifications': { from: ['extension page'], message: {} },
  'bridge:get-settings': { from: ['extension page'], message: {} },
  'bridge:set-settings': {
    from: ['extension page'],
    message: { settings: { enabled: true, origin: APP } },
  },
  'bridge:status': { from: ['extension page', 'app'], message: {} },
  'bridge:pull': { from: ['app'], message: {} },
  'bridge:export-file': { from: ['extension page'], message: {} },
  'bridge:push': { from: ['app'], message: { bundle: '' } },
  'bridge:import-file': { from: ['extension page'], message: { bundle: '' } },
  'connect:status': { from: ['extension page'], message: {} },
  'connect:test': {
    from: ['extension page'],
    message: {
      origin: 'http://127.0.0.1:9',
      credentials: { platform: 'shopify', kind: 'access-token', accessToken: 'shpat_x' },
    },
  },
  'connect:save': {
    from: ['extension page'],
    message: {
      origin: 'http://127.0.0.1:9',
      credentials: { platform: 'shopify', kind: 'access-token', accessToken: 'shpat_x' },
      shop: { platform: 'shopify', name: 'S', currency: 'EUR', timezone: 'UTC' },
    },
  },
  'connect:sync': { from: ['extension page', 'app'], message: { salt: 's' } },
  'connect:cancel': { from: ['extension page', 'app'], message: {} },
  'connect:remove': { from: ['extension page'], message: {} },
  'connect:app-status': { from: ['app'], message: { salt: 's' } },
  'connect:open': { from: ['app'], message: {} },
  'connect:pull': { from: ['app'], message: {} },
  'connect:ack': { from: ['app'], message: { count: 0 } },
  'bridge:save-audit': {
    from: ['activated tab'],
    message: { audit: { url: `${SHOP}/products/trail-runner`, score: 80, findings: [] } },
  },
};

const env = backgroundEnv(ID, EXT);
const ask = (type: string, message: object, from: SenderName): Promise<Reply | undefined> =>
  dispatch(backgroundHandlers, { ...message, type }, senders[from], env);

function served<R>(reply: Reply<R> | undefined): R {
  if (!reply || !('result' in reply)) throw new Error(`not served: ${JSON.stringify(reply)}`);
  return reply.result;
}

let catalogBundle = '';

beforeAll(async () => {
  // The browser APIs the handlers reach that the fake does not model: nothing may be injected
  // or registered for real here.
  const fake = browser as unknown as Record<string, Record<string, unknown>>;
  fake.scripting = {
    executeScript: vi.fn(async () => [{ frameId: 0, result: SHOP }]),
    getRegisteredContentScripts: vi.fn(async () => []),
    registerContentScripts: vi.fn(async () => undefined),
    unregisterContentScripts: vi.fn(async () => undefined),
  };
  fake.permissions = { contains: vi.fn(async () => true) };
  fake.tabs!.create = vi.fn(async () => ({}));
  const csv = await readFile(
    new URL('../../fixtures/exports/own-catalog-shopify-products.csv', import.meta.url),
  );
  const { items } = await catalogFromExport(new Uint8Array(csv), 'products.csv');
  catalogBundle = toBase64(await encodeBundle(makeBundle('pwa', { catalog: items }, 1)));
});

beforeEach(async () => {
  await bridgeEnabledItem.setValue(true);
  await pwaUrlItem.setValue(APP);
  await markActivated(7, SHOP);
});

describe('every background message answers only its intended senders', () => {
  it('the policy table lists every message the background answers', () => {
    expect(Object.keys(policy).sort()).toEqual(Object.keys(backgroundHandlers).sort());
  });

  for (const [type, { from, message }] of Object.entries(policy)) {
    it(`${type}: refused from every other sender`, async () => {
      for (const name of Object.keys(senders) as SenderName[]) {
        if (from.includes(name)) continue;
        const reply = await ask(type, message, name);
        expect(reply, `${type} from ${name}`).toMatchObject({ refused: true });
      }
    });
    it(`${type}: not refused from ${from.join(' and ')}`, async () => {
      for (const name of from) {
        const reply = await ask(type, message, name);
        expect(reply, `${type} from ${name}`).toBeDefined();
        expect(reply, `${type} from ${name}`).not.toMatchObject({ refused: true });
      }
    });
  }

  it('answers nothing that is not its own (another context may)', async () => {
    expect(await ask('offscreen:extract', { html: '', url: SHOP }, 'extension page')).toBe(
      undefined,
    );
    expect(await ask('toString', {}, 'extension page')).toBe(undefined);
  });
});

describe('site choices: a page changes and reads only its own site', () => {
  it('the activated tab stores its dock side under its own origin; another page cannot', async () => {
    await sitePrefsItem.setValue({});
    const refused = await ask(
      'storelens:update-site-prefs',
      { change: { dock: 'left' } },
      'tab never activated',
    );
    expect(refused).toMatchObject({ refused: true });
    expect(await sitePrefsItem.getValue()).toEqual({});

    expect(
      served(
        await ask('storelens:update-site-prefs', { change: { dock: 'left' } }, 'activated tab'),
      ),
    ).toEqual({ dock: 'left' });
    expect(await sitePrefsItem.getValue()).toEqual({ [SHOP]: { dock: 'left' } });
    expect(served(await ask('storelens:get-site-prefs', {}, 'activated tab'))).toEqual({
      dock: 'left',
    });
    // The same tab after navigating to another site gets nothing of the first site's.
    expect(
      await ask('storelens:get-site-prefs', {}, 'activated tab, now on another origin'),
    ).toMatchObject({
      refused: true,
    });
  });
});

describe('SEO audits: only of the sender’s own page, from a tab the user opened', () => {
  it('keeps the activated page’s audit and refuses one about another site', async () => {
    const db = await trackingDb();
    await db.clear('audits');
    const other = {
      audit: { url: 'https://rival.example/p', score: 10, findings: [] },
    };
    expect(await ask('bridge:save-audit', other, 'activated tab')).toMatchObject({ refused: true });
    expect(
      await ask('bridge:save-audit', policy['bridge:save-audit'].message, 'tab never activated'),
    ).toMatchObject({ refused: true });
    expect(await db.count('audits')).toBe(0);

    expect(
      served(await ask('bridge:save-audit', policy['bridge:save-audit'].message, 'activated tab')),
    ).toEqual({ ok: true });
    const audits = await db.getAll('audits');
    expect(audits.map((a) => [a.url, a.score])).toEqual([[`${SHOP}/products/trail-runner`, 80]]);
  });
});

describe('the bridge: only the app at its exact origin and port, only while on', () => {
  it('pushes the own catalog from the app; a page on another port of the same host is refused', async () => {
    const db = await trackingDb();
    await db.clear('catalog');
    const push = { bundle: catalogBundle };
    expect(await ask('bridge:push', push, 'app host, other port')).toMatchObject({ refused: true });
    expect(await db.count('catalog')).toBe(0);

    // The fixture has two variant rows with a SKU each: OWN-RR-09 and OWN-RR-10.
    expect(served(await ask('bridge:push', push, 'app'))).toEqual({ ok: true, catalog: 2 });
    expect((await db.getAllKeys('catalog')).sort()).toEqual(['OWN-RR-09', 'OWN-RR-10']);
    const status = served(await ask('bridge:status', {}, 'app'));
    expect(status).toMatchObject({ ok: true, status: { catalog: 2 } });
  });

  it('pulls the competitor data as a bundle from the app only', async () => {
    const audit = policy['bridge:save-audit'].message;
    served(await ask('bridge:save-audit', audit, 'activated tab'));
    expect(await ask('bridge:pull', {}, 'app host, other port')).toMatchObject({ refused: true });
    const pulled = served(await ask('bridge:pull', {}, 'app'));
    if (!pulled || typeof pulled !== 'object' || !('bundle' in pulled))
      throw new Error('no bundle pulled');
    const bundle = await decodeBundle(fromBase64(String(pulled.bundle)));
    expect(bundle.source.app).toBe('extension');
    expect((bundle.entities.audits ?? []).map((a) => a.url)).toEqual([
      `${SHOP}/products/trail-runner`,
    ]);
  });

  it('refuses the app once the bridge is off', async () => {
    await bridgeEnabledItem.setValue(false);
    expect(await ask('bridge:status', {}, 'app')).toMatchObject({ refused: true });
    expect(await ask('bridge:pull', {}, 'app')).toMatchObject({ refused: true });
  });

  it('registers the bridge script for the app’s exact origin, port included', async () => {
    const register = vi.mocked(browser.scripting.registerContentScripts);
    register.mockClear();
    expect(await syncBridgeRegistration({ enabled: true, origin: APP })).toBe(true);
    expect(register.mock.calls[0]?.[0]?.[0]?.matches).toEqual(['http://127.0.0.1:4173/*']);
    expect(exactOriginPattern('https://app.example:8443', true)).toBe('https://app.example:8443/*');
    // Firefox's patterns cannot name a port: the whole host, checked at run time instead.
    expect(exactOriginPattern('http://127.0.0.1:4173', false)).toBe('http://127.0.0.1/*');
  });
});

describe('the side panel and the page reader answer the extension only', () => {
  it('a page cannot make the panel re-read a tab; the background can', async () => {
    const attached: (number | undefined)[] = [];
    const map = panelHandlers({ attach: (tabId) => void attached.push(tabId) });
    const message = { type: 'storelens:panel-attach', tabId: 7 };
    for (const name of Object.keys(senders) as SenderName[]) {
      if (name === 'extension page') continue;
      expect(await dispatch(map, message, senders[name], extensionOnlyEnv())).toMatchObject({
        refused: true,
      });
    }
    expect(attached).toEqual([]);
    const background = { id: ID, url: `${EXT}background.js` };
    expect(await dispatch(map, message, background, extensionOnlyEnv())).toEqual({
      result: undefined,
    });
    expect(attached).toEqual([7]);
  });

  it('the reader answers its ping to the extension and to nobody else', async () => {
    const ping = { type: 'storelens:reader-ping' };
    expect(
      await dispatch(readerHandlers, ping, senders['extension page'], extensionOnlyEnv()),
    ).toEqual({
      result: { reader: true },
    });
    expect(
      await dispatch(readerHandlers, ping, senders['other extension'], extensionOnlyEnv()),
    ).toMatchObject({
      refused: true,
    });
  });
});
