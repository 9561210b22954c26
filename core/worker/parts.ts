/**
 * Reading one byte range of a big export, here or on a thread of its own (see core/ingest/parts.ts
 * for how ranges are chosen and stitched).
 */
import { createExportReader, type ExportReading, type ReadOptions } from '../ingest/index.ts';

/** One range of a file: bytes [start, end), read after `head` (the file's header line) if given. */
export interface PartRequest {
  file: Blob;
  start: number;
  end: number;
  head: Uint8Array | null;
  /** Plain read options (cloneable: no signal, no callbacks). */
  options: ReadOptions;
}

const YIELD_EVERY_BYTES = 8 * 1024 * 1024;

/** Progress is passed on at most this often (to the page, and from range threads). */
export const PROGRESS_EVERY_MS = 100;

/** Bytes and data rows read so far in one range. */
export type PartProgress = (bytes: number, rows: number) => void;

/**
 * Reads a range on another thread: `started` resolves once that thread runs, `done` with the
 * range's reading (made with `part: true`).
 */
export type PartRunner = (
  req: PartRequest,
  onProgress: PartProgress,
) => { started: Promise<void>; done: Promise<ExportReading> };

// A stream hands over chunks of up to a few MB; V8 tokenizes 64 KB strings faster (they stay
// in the CPU cache, and the string a partial row is joined to stays small).
const PIECE_BYTES = 64 * 1024;

/** Pushes a chunk to a reader in 64 KB pieces. */
export function pushInPieces(reader: { push(b: Uint8Array): void }, chunk: Uint8Array): void {
  if (chunk.length <= PIECE_BYTES) return reader.push(chunk);
  for (let at = 0; at < chunk.length; at += PIECE_BYTES)
    reader.push(chunk.subarray(at, at + PIECE_BYTES));
}

/** Reads a range in this thread. */
export async function readRange(
  req: PartRequest,
  onProgress?: PartProgress,
): Promise<ExportReading> {
  const reader = createExportReader({ ...req.options, part: true, records: false });
  if (req.head) reader.push(req.head);
  let bytes = 0;
  let sinceYield = 0;
  const it = req.file.slice(req.start, req.end).stream().getReader();
  for (;;) {
    const chunk = await it.read();
    if (chunk.done) break;
    pushInPieces(reader, chunk.value);
    bytes += chunk.value.byteLength;
    onProgress?.(bytes, reader.progress.rows);
    // Buffered chunks resolve without leaving the thread's task queue: give other tasks (other
    // ranges' progress, a cancel) a turn every few MB.
    if ((sinceYield += chunk.value.byteLength) >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return reader.finish();
}

/** The typed arrays of a reading's tables, to transfer instead of copying them. */
export function transferablesOf(r: ExportReading): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of [r.ordersTable, r.linesTable, r.trafficTable, r.spendTable]) {
    if (!t) continue;
    for (const c of Object.values(t.columns as Record<string, unknown>)) {
      const a = (c as { codes?: Int32Array }).codes ?? c;
      if (ArrayBuffer.isView(a)) out.push(a.buffer as ArrayBuffer);
    }
  }
  return out;
}

/** What the range worker posts back. */
export type PartMessage =
  | { kind: 'started' }
  | { kind: 'progress'; bytes: number; rows: number }
  | { kind: 'done'; reading: ExportReading }
  | { kind: 'failed'; name: string; message: string };

/**
 * Runs each range on a dedicated worker (core/worker/ingest-part.worker.ts), or null where this
 * context cannot start workers (Node, or a browser without workers in workers).
 */
export function workerPartRunner(): PartRunner | null {
  if (typeof Worker === 'undefined') return null;
  return (req, onProgress) => {
    let onStarted!: () => void;
    const started = new Promise<void>((resolve) => (onStarted = resolve));
    const done = new Promise<ExportReading>((resolve, reject) => {
      const w = new Worker(new URL('./ingest-part.worker.ts', import.meta.url), {
        type: 'module',
      });
      w.onmessage = (e: MessageEvent<PartMessage>) => {
        const m = e.data;
        if (m.kind === 'started') return onStarted();
        if (m.kind === 'progress') return onProgress(m.bytes, m.rows);
        w.terminate();
        if (m.kind === 'done') resolve(m.reading);
        else reject(Object.assign(new Error(m.message), { name: m.name }));
      };
      w.onerror = (e) => {
        w.terminate();
        reject(new Error(`The range reader stopped: ${e.message}`));
      };
      w.postMessage(req);
    });
    void done.catch(() => undefined).finally(onStarted);
    return { started, done };
  };
}
