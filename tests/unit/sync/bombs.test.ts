// Issue 14 point 10: compressed files are inflated only up to a cap sized to the device, reading
// stops at the cap (the rest is never inflated), and the message says "expands to more than …".
// The bombs are real gzip streams of zeros made here with node:zlib.
import { describe, expect, it, vi } from 'vitest';
import { gzipSync, createGzip } from 'node:zlib';
import { openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { DEFAULT_INFLATE_CAP, gunzipCapped, inflateCap } from '../../../core/ingest/decode.ts';
import { decodeBundle, encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { readExport } from '../../../core/ingest/index.ts';

const MB = 1024 * 1024;

/** A gzip of `mb` megabytes of one byte value, compressed as it is made (never whole in memory). */
async function gzipOf(mb: number, byte = 0, head = ''): Promise<Uint8Array<ArrayBuffer>> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve) => gz.on('end', resolve));
  if (head) gz.write(head);
  const block = Buffer.alloc(MB, byte);
  for (let i = 0; i < mb; i++) {
    if (!gz.write(block)) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

/** The bytes as a stream in 4 KB chunks, counting how many were read. */
function counted(bytes: Uint8Array) {
  const state = { read: 0 };
  let at = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(ctl) {
        if (at >= bytes.length) return ctl.close();
        const chunk = bytes.slice(at, at + 4096);
        at += chunk.length;
        state.read += chunk.length;
        ctl.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

async function drain(s: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  const r = s.getReader();
  for (;;) {
    const { done, value } = await r.read();
    if (done) return n;
    n += value.length;
  }
}

describe('decompression bombs (issue 14.10)', () => {
  it('sizes the cap from the device memory', () => {
    expect(inflateCap(0.5)).toBe(128 * MB);
    expect(inflateCap(2)).toBe(128 * MB);
    expect(inflateCap(4)).toBe(256 * MB);
    expect(inflateCap(8)).toBe(512 * MB);
    expect(inflateCap(64)).toBe(512 * MB);
    expect(DEFAULT_INFLATE_CAP).toBe(256 * MB);
  });

  it('stops reading a 64 MB gzip of zeros at a 1 MB cap, leaving most of it unread', async () => {
    const bomb = await gzipOf(64);
    // 64 MB of zeros compress to about 64 KB (deflate's limit is ~1032:1).
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { stream, state } = counted(bomb);
    await expect(
      drain(gunzipCapped(stream, { cap: MB, fileName: 'orders.csv.gz' })),
    ).rejects.toMatchObject({
      name: 'IngestError',
      code: 'too-large',
      message: expect.stringMatching(
        /^orders\.csv\.gz is compressed and expands to more than 1 MB/,
      ),
    });
    // The cap is reached within the first slices: most of the compressed file was never read.
    expect(state.read).toBeLessThan(bomb.length / 2);
  });

  it('passes a file under the cap through unchanged', async () => {
    const text = 'Name,Total\n' + '#1001,12.00\n'.repeat(10_000);
    const out = gunzipCapped(new Blob([gzipSync(text)]).stream(), { cap: MB });
    expect(await new Response(out).text()).toBe(text);
  });

  it('refuses a bundle that expands past the cap, saying "expands to more than"', async () => {
    const bundle = await gzipOf(8, 0x20); // 8 MB of spaces: JSON whitespace
    await expect(decodeBundle(bundle, { maxJsonBytes: 2 * MB })).rejects.toMatchObject({
      name: 'BundleError',
      code: 'too-large',
      message: expect.stringMatching(/^The bundle expands to more than 2 MB/),
    });
    // A real bundle under the same cap still reads.
    const ok = await encodeBundle(makeBundle('extension', { trackedProducts: [] }));
    expect((await decodeBundle(ok, { maxJsonBytes: 2 * MB })).source.app).toBe('extension');
  });

  it('refuses a .gz export in memory (readExport) past the cap of this device', async () => {
    vi.stubGlobal('navigator', { deviceMemory: 1 });
    try {
      const bomb = await gzipOf(136, 0x20);
      await expect(readExport(bomb)).rejects.toMatchObject({
        code: 'too-large',
        message: expect.stringMatching(/expands to more than 128 MB/),
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a phone that reports 2 GB of memory gets a 128 MB cap in the import', async () => {
    // What Chrome on a 2 GB phone reports (Node has no navigator).
    vi.stubGlobal('navigator', { deviceMemory: 2 });
    try {
      expect(inflateCap()).toBe(128 * MB);
      const name = `bombs-phone-${Date.now()}`;
      const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
      const header = 'Name,Email,Financial Status,Currency,Subtotal,Total,Created at\n';
      const f = new File([await gzipOf(136, 0x0a, header)], 'orders_export.csv.gz');
      await expect(api.importFiles([f])).rejects.toMatchObject({
        message: expect.stringMatching(/orders_export\.csv\.gz.*expands to more than 128 MB/),
      });
      expect((await api.load()).empty).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
