/**
 * A range reader's thread: reads one byte range of a big export (PartRequest) and posts its
 * reading back, the tables transferred. Started by `workerPartRunner` in the analytics worker.
 */
import {
  PROGRESS_EVERY_MS,
  readRange,
  transferablesOf,
  type PartMessage,
  type PartRequest,
} from './parts.ts';

const post = (m: PartMessage, transfer: Transferable[] = []) => postMessage(m, { transfer });

self.onmessage = async (e: MessageEvent<PartRequest>) => {
  let last = 0;
  post({ kind: 'started' });
  try {
    const reading = await readRange(e.data, (bytes, rows) => {
      const t = performance.now();
      if (t - last < PROGRESS_EVERY_MS) return;
      last = t;
      post({ kind: 'progress', bytes, rows });
    });
    post({ kind: 'done', reading }, transferablesOf(reading));
  } catch (err) {
    const x = err as { name?: string; message?: string };
    post({ kind: 'failed', name: x.name ?? 'Error', message: x.message ?? String(err) });
  }
};
