import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb, saveSettings } from '../../../core/db/index.ts';
import { customerKeyOf } from '../../../core/ingest/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { settingsSchema } from '../../../core/schema/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
/** A fixture as the File the browser's picker hands over. */
const file = (name: string) => new File([readFileSync(dir + name)], name);

// The customers of shopify-orders.csv (#1005 has no email), lower-cased as stored.
const BASE_EMAILS = [
  'ava.smith@example.com',
  'lukas.weber@example.de',
  'mia.nguyen@example.com',
  'noah.garcia@example.com',
];
// shopify-orders-newer.csv: #1006 (Ava), #1007 (Mia), #1005 without email.
const NEWER_EMAILS = ['ava.smith@example.com', 'mia.nguyen@example.com'];

let n = 0;
const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 300 });

function setup() {
  const name = `emails-test-${++n}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
  const open = () => openStoreDb({ name });
  return {
    api,
    /** What the Settings screen saves when the user ticks "Keep customer emails". */
    async keepEmails(on: boolean) {
      const db = await open();
      const s = (await getSettings(db)) ?? settingsSchema.parse({ timezone: 'America/New_York' });
      await saveSettings(db, { ...s, keepEmails: on, updatedAt: Date.now() });
      db.close();
    },
    async storedEmails() {
      const db = await open();
      const all = await db.getAll('emails');
      db.close();
      return all.map((r) => r.email).sort();
    },
    async salt() {
      const db = await open();
      const s = await getSettings(db);
      db.close();
      return s!.salt;
    },
  };
}

type Api = ReturnType<typeof setup>['api'];

/** Every RFM segment's export, as the Customers screen downloads them: key → exported email. */
async function exportedEmails(api: Api): Promise<{ byKey: Map<string, string>; any: boolean }> {
  const { segments } = await api.rfmSegments();
  const byKey = new Map<string, string>();
  let any = false;
  for (const s of segments.filter((x) => x.customers > 0)) {
    const r = await api.segmentExport(s.name);
    if (r.emails) any = true;
    r.keys.forEach((k, i) => byKey.set(k, r.emails?.[i] ?? ''));
  }
  return { byKey, any };
}

describe('keep customer emails (opt-in)', () => {
  it('by default an import stores no email and the segment export has none', async () => {
    const { api, storedEmails } = setup();
    const result = await api.importFiles([file('shopify-orders.csv')]);
    expect(await storedEmails()).toEqual([]);
    expect(result.notes.join(' ')).not.toMatch(/email/);
    const { byKey, any } = await exportedEmails(api);
    expect(byKey.size).toBe(4);
    expect(any).toBe(false);
  });

  it('when the user opted in, the segment export lists each customer with their own email', async () => {
    const { api, keepEmails, storedEmails, salt } = setup();
    await keepEmails(true);
    const result = await api.importFiles([file('shopify-orders.csv')]);
    expect(result.notes).toContain(
      '4 customer emails are stored on this device for segment exports (you chose to keep emails in Settings).',
    );
    // Noah's address was written "Noah.Garcia@Example.com": stored lower-cased.
    expect(await storedEmails()).toEqual(BASE_EMAILS);

    const s = await salt();
    const { byKey, any } = await exportedEmails(api);
    expect(any).toBe(true);
    expect(byKey.size).toBe(4);
    for (const email of BASE_EMAILS) expect(byKey.get(customerKeyOf(email, s))).toBe(email);
    // The opt-in survives the first import's settings.
    const db = await openStoreDb({ name: `emails-test-${n}` });
    expect(await getSettings(db)).toMatchObject({ keepEmails: true, timezone: 'America/New_York' });
    db.close();
  });

  it('forgetEmails deletes every stored email and says how many; exports go back to keys only', async () => {
    const { api, keepEmails, storedEmails } = setup();
    await keepEmails(true);
    await api.importFiles([file('shopify-orders.csv')]);
    await keepEmails(false);
    expect(await api.forgetEmails()).toBe(4);
    expect(await storedEmails()).toEqual([]);
    expect((await exportedEmails(api)).any).toBe(false);
    // Turned off: the next import keeps none either.
    await api.importFiles([file('shopify-orders-newer.csv')]);
    expect(await storedEmails()).toEqual([]);
    expect(await api.forgetEmails()).toBe(0);
  });

  it('undoing an import removes the emails it added and keeps those stored before it', async () => {
    const { api, keepEmails, storedEmails } = setup();
    await keepEmails(true);
    await api.importFiles([file('shopify-orders-newer.csv')]);
    expect(await storedEmails()).toEqual(NEWER_EMAILS);
    const base = await api.importFiles([file('shopify-orders.csv')]);
    expect(await storedEmails()).toEqual(BASE_EMAILS);

    await api.undoImport(base.id);
    expect(await storedEmails()).toEqual(NEWER_EMAILS);
    const { byKey } = await exportedEmails(api);
    expect([...byKey.values()].filter((e) => e !== '').sort()).toEqual(NEWER_EMAILS);
  });

  it('opting in while the demo is shown keeps emails of the import that replaces it; undo brings the demo back without them', async () => {
    const { api, keepEmails, storedEmails } = setup();
    await api.loadDemo({ seed: 3 });
    await keepEmails(true);
    const result = await api.importFiles([file('shopify-orders.csv')]);
    expect(result.replacedDemo).toBe(true);
    expect(await storedEmails()).toEqual(BASE_EMAILS);

    await api.undoImport(result.id);
    expect(await api.status()).toMatchObject({ demo: true });
    expect(await storedEmails()).toEqual([]);
  });
});
