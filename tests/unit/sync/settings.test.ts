// Issue 14 point 1: a bundle never rewrites the settings that belong to this device (demo flag,
// keep-emails opt-in, salt, locale); the shared ones (timezone, currency, FX rates, refund dating)
// are merged, and the preview says in words what changes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb, readTable, saveSettings } from '../../../core/db/index.ts';
import { ordersFromTable } from '../../../core/ingest/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { encodeBundle, makeBundle, type Bundle } from '../../../core/sync/index.ts';
import { settingsSchema } from '../../../core/schema/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const file = (name: string) => new File([readFileSync(dir + name)], name);
const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 300 });

let n = 0;
function setup() {
  const name = `sync-settings-${++n}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
  const settings = async () => {
    const db = await openStoreDb({ name });
    const s = await getSettings(db);
    db.close();
    return s;
  };
  const orderNumbers = async () => {
    const db = await openStoreDb({ name });
    const o = ordersFromTable(await readTable(db, 'orders'));
    db.close();
    return o.map((x) => x.number).sort();
  };
  return { api, settings, orderNumbers, name };
}

// The hostile bundle: demo on, emails kept, a new salt, and a timezone change, all stamped
// an hour ahead of now (inside the clock slack), so the whole object would win last-writer-wins.
function hostileSettings(extra: Partial<Bundle['entities']> = {}): Bundle {
  return makeBundle('pwa', {
    settings: settingsSchema.parse({
      timezone: 'UTC',
      currency: 'USD',
      demo: true,
      keepEmails: true,
      salt: 'attacker-salt',
      updatedAt: Date.now() + 3_600_000,
    }),
    ...extra,
  });
}

describe('bundle settings (issue 14.1)', () => {
  it('keeps demo, keep-emails and salt of this device, takes the timezone, and says so in the preview', async () => {
    const { api, settings, orderNumbers } = setup();
    // shopify-orders.csv: 6 orders #1001-#1006, times at -0500 → store timezone America/New_York.
    await api.importFiles([file('shopify-orders.csv')]);
    const before = (await settings())!;
    expect(before).toMatchObject({ timezone: 'America/New_York', demo: false, keepEmails: false });

    const bytes = await encodeBundle(hostileSettings());
    const preview = await api.previewBundle(bytes);
    expect(preview.changes).toEqual(['store timezone America/New_York → UTC']);
    expect(preview.noop).toBe(false);

    await api.applyBundle(bytes, 'hostile.storelens');
    const after = (await settings())!;
    expect(after).toMatchObject({
      timezone: 'UTC',
      currency: 'USD',
      demo: false,
      keepEmails: false,
      salt: before.salt,
    });

    // The next import is an ordinary re-import: the real orders stay, no demo is "replaced".
    const again = await api.importFiles([file('shopify-orders-newer.csv')]);
    expect(again.replacedDemo).toBe(false);
    expect(await orderNumbers()).toEqual([
      '#1001',
      '#1002',
      '#1003',
      '#1004',
      '#1005',
      '#1006',
      '#1007',
    ]);
  });

  it("keeps this device's monthly report notes when a bundle's newer settings win", async () => {
    const { api, settings, name } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const db = await openStoreDb({ name });
    const mine = {
      ...(await getSettings(db))!,
      reportNotes: { '2024-11': 'Black Friday carried it.' },
    };
    await saveSettings(db, mine);
    db.close();
    await api.applyBundle(await encodeBundle(hostileSettings()), 'newer.storelens');
    const after = (await settings())!;
    expect(after.timezone).toBe('UTC');
    expect(after.reportNotes).toEqual({ '2024-11': 'Black Friday carried it.' });
  });

  it('a bundle differing only in device settings changes nothing and says nothing about settings', async () => {
    const { api, settings } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const before = (await settings())!;
    const b = makeBundle('pwa', {
      settings: {
        ...before,
        demo: true,
        keepEmails: true,
        salt: 'x',
        updatedAt: Date.now() + 1000,
      },
    });
    const preview = await api.previewBundle(await encodeBundle(b));
    expect(preview.changes).toEqual([]);
    expect(preview.noop).toBe(true);
    await api.applyBundle(await encodeBundle(b));
    expect(await settings()).toEqual(before);
  });

  it('a bundle with store data on the demo store leaves demo off and keeps the opt-in of this device', async () => {
    const { api, settings, name: dbName } = setup();
    await api.loadDemo({ seed: 4 });
    // The user ticks "Keep customer emails" while the demo is loaded (the Settings screen's write).
    const db = await openStoreDb({ name: dbName });
    await saveSettings(db, { ...(await getSettings(db))!, keepEmails: true });
    db.close();
    const demo = (await settings())!;
    expect(demo).toMatchObject({ demo: true, keepEmails: true });
    const desk = setup();
    await desk.api.importFiles([file('shopify-orders.csv')]);
    const real = await desk.api.exportBundle('everything');
    const preview = await api.previewBundle(real);
    expect(preview.replacesDemo).toBe(true);
    expect(preview.changes).toEqual(['store timezone America/New_York', 'reporting currency USD']);
    await api.applyBundle(real);
    const after = (await settings())!;
    expect(after).toMatchObject({ demo: false, keepEmails: true, timezone: 'America/New_York' });
    expect(after.salt).not.toBe(demo.salt);
    expect(after.salt).not.toBe((await desk.settings())!.salt);
    // Importing a CSV now merges with the bundle's orders; the demo is not "replaced" again.
    expect((await api.importFiles([file('shopify-orders-newer.csv')])).replacedDemo).toBe(false);
  });

  it('a hostile bundle with store tables on the demo store does not switch the demo flag on', async () => {
    const { api, settings, orderNumbers } = setup();
    await api.loadDemo({ seed: 4 });
    const desk = setup();
    await desk.api.importFiles([file('shopify-orders.csv')]);
    const real = await desk.api.exportBundle('everything');
    await api.applyBundle(real);
    await api.applyBundle(await encodeBundle(hostileSettings()));
    expect((await settings())!.demo).toBe(false);
    expect((await api.importFiles([file('shopify-orders-newer.csv')])).replacedDemo).toBe(false);
    expect(await orderNumbers()).toHaveLength(7);
  });

  it('undo removes the settings a bundle brought to a device that had none', async () => {
    const { api, settings } = setup();
    const b = makeBundle('pwa', {
      settings: settingsSchema.parse({ timezone: 'Europe/Berlin', currency: 'EUR', updatedAt: 1 }),
    });
    const preview = await api.previewBundle(await encodeBundle(b));
    expect(preview.changes).toEqual(['store timezone Europe/Berlin', 'reporting currency EUR']);
    await api.applyBundle(await encodeBundle(b));
    expect(await settings()).toMatchObject({
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      demo: false,
      keepEmails: false,
    });
    const [latest] = await api.importHistory();
    await api.undoImport(latest!.id);
    expect(await settings()).toBeNull();
  });

  it('undo puts back the shared settings the bundle replaced', async () => {
    const { api, settings } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const before = (await settings())!;
    await api.applyBundle(await encodeBundle(hostileSettings()));
    expect((await settings())!.timezone).toBe('UTC');
    const [latest] = await api.importHistory();
    await api.undoImport(latest!.id);
    expect(await settings()).toEqual(before);
  });
});
