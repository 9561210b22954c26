/**
 * Issue 14 point 3, the check before writing: an import whose commit needs more than the storage
 * estimate leaves is refused with what it needs and what is left, and nothing stored changes.
 * Expected figures by hand: shopify-orders.csv has 6 orders.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb, readTable } from '../../../core/db/index.ts';
import { createImportApi } from '../../../core/worker/import/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const file = (name: string) => new File([readFileSync(dir + name)], name);

describe('the space check before an import writes', () => {
  it('refuses an import the storage estimate has no room for, naming needed and available, and keeps the stored data', async () => {
    const name = 'import-space-1';
    let usage = 0;
    const api = createImportApi({
      db: () => openStoreDb({ name }),
      reload: async () => undefined,
      invalidate: async () => undefined,
      restoreDemo: async () => undefined,
      storage: { estimate: async () => ({ usage, quota: 5_000_000 }) },
    });
    await api.importFiles([file('shopify-orders.csv')]);
    usage = 4_999_000; // 1 KB left
    const err = await api.importFiles([file('shopify-orders-newer.csv')]).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toMatchObject({ name: 'StorageSpaceError', code: 'no-space' });
    expect(err!.message).toMatch(
      /^saving it needs about \d+\.\d MB of storage and the browser has 0\.0 MB left for this site\. .*Your stored data is unchanged\.$/,
    );
    const db = await openStoreDb({ name });
    expect((await readTable(db, 'orders')).length).toBe(6);
    expect(await db.count('imports')).toBe(1);
    db.close();
  });
});
