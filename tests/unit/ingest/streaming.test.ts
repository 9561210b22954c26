import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createExportReader, readExport, readExportStream } from '../../../core/ingest/index.ts';
import { fixture } from './helpers.ts';
import { shopifyOrdersCsv } from '../../fixtures/exports/generate-shopify-orders.ts';

describe('streaming reader', () => {
  it('keeps only the values it stores, not the text they were read from', () => {
    // A 500 MB export must never sit in memory whole: kept dictionary values (order ids, emails,
    // SKUs) are copied out of the 1 MB chunks, so each chunk can be freed once tokenized. With
    // slices kept, the heap grew by more than the file; now it grows by the dictionaries only.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bytes = new TextEncoder().encode(shopifyOrdersCsv(30 * 1024 * 1024, 11));
    gc();
    const before = process.memoryUsage().heapUsed;
    const reader = createExportReader({ salt: 's', records: false });
    for (let at = 0; at < bytes.length; at += 1 << 20)
      reader.push(bytes.subarray(at, at + (1 << 20)));
    const r = reader.finish();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(r.ordersTable!.length).toBeGreaterThan(40_000);
    expect(grown).toBeLessThan(0.3 * bytes.length);
  });

  it('reads a 50 MB Shopify export in 1 MB chunks, with progress, into columns', () => {
    const bytes = new TextEncoder().encode(shopifyOrdersCsv(50 * 1024 * 1024, 7));
    const progress: number[] = [];
    const reader = createExportReader({
      salt: 's',
      records: false,
      onProgress: (p) => progress.push(p.rows),
    });
    const chunk = 1 << 20;
    reader.push(bytes.subarray(0, chunk));
    // After the first chunk the import screen can already show the format and a preview.
    expect(reader.format).toBe('shopify-orders');
    expect(reader.confidence).toBe(1);
    expect(reader.preview).toHaveLength(10);
    expect(reader.preview[0]![0]).toBe('#1001');
    for (let at = chunk; at < bytes.length; at += chunk)
      reader.push(bytes.subarray(at, at + chunk));
    const r = reader.finish();
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(r.linesTable!.length);
    expect(r.rows).toBeGreaterThan(100_000);
    expect(r.ordersTable!.length).toBeGreaterThan(60_000);
    expect(reader.progress.bytes).toBe(bytes.length);
    expect(progress.length).toBe(Math.ceil(bytes.length / chunk));
    expect(progress.at(-2)!).toBeGreaterThan(progress[0]!);
    expect(r.timezone).toBe('America/New_York');
    // Order totals add up to line revenue minus discounts, plus shipping and taxes.
    const o = r.ordersTable!.columns;
    let check = 0;
    for (let i = 0; i < r.ordersTable!.length; i++)
      check += o.subtotal[i]! - o.discounts[i]! + o.shipping[i]! + o.taxes[i]! - o.total[i]!;
    expect(check).toBe(0);
  });

  it('gives the same result whatever the chunk size, also splitting UTF-8 characters', async () => {
    const bytes = new TextEncoder().encode(shopifyOrdersCsv(200_000, 3));
    const whole = await readExport(bytes, { salt: 's' });
    const reader = createExportReader({ salt: 's' });
    for (let at = 0; at < bytes.length; at += 777) reader.push(bytes.subarray(at, at + 777));
    const pieces = reader.finish();
    expect(pieces.orders).toEqual(whole.orders);
    expect(pieces.lines).toEqual(whole.lines);
    expect(whole.orders!.some((o) => o.number && o.customerKey)).toBe(true);
  });

  it('lets a cancel that arrives while reading a big file stop it', async () => {
    const bytes = new TextEncoder().encode(shopifyOrdersCsv(6 * 1024 * 1024, 5));
    const controller = new AbortController();
    let seen = 0;
    // The user presses Cancel as soon as the first progress shows (deterministic: a timer would
    // race the reader on a busy machine).
    const reading = readExport(bytes, {
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.bytes;
        if (!controller.signal.aborted) controller.abort();
      },
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(bytes.length);
  });

  it('stops when the import is cancelled', () => {
    const controller = new AbortController();
    const reader = createExportReader({ signal: controller.signal });
    reader.push(new TextEncoder().encode('Name,Created at,Lineitem quantity,Lineitem price\n'));
    controller.abort();
    expect(() => reader.push(new TextEncoder().encode('#1,2024-01-01,1,1.00\n'))).toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
  });

  it('reads a file stream, and a gzipped bundle stream', async () => {
    const viaStream = await readExportStream(new Blob([fixture('shopify-orders.csv')]).stream(), {
      salt: 's',
    });
    const viaBytes = await readExport(fixture('shopify-orders.csv'), { salt: 's' });
    expect(viaStream.orders).toEqual(viaBytes.orders);
    const gz = new Blob([fixture('storelens-bundle.json')])
      .stream()
      .pipeThrough(new CompressionStream('gzip'));
    const bundle = await readExportStream(gz);
    expect(bundle.format).toBe('storelens-bundle');
    expect((bundle.bundle as { version: number }).version).toBe(1);
  });
});
