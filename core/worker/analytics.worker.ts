/**
 * The analytics worker's entry: the only file that runs at load, and only inside the Worker.
 * Create it with `new Worker(new URL('core/worker/analytics.worker.ts', import.meta.url), { type: 'module' })`
 * and talk to it through core/bridge.
 */
import { expose } from 'comlink';
import { openStoreDb } from '../db/store.ts';
import { createAnalyticsApi } from './api.ts';
import { forTheWire } from './errors.ts';
import { workerPartRunner } from './parts.ts';
import { workerFitRunner } from './fit.ts';

// Big exports are read in byte ranges on extra threads (core/worker/ingest-part.worker.ts), and
// the customer-value fit runs on one of its own (core/worker/fit.worker.ts).
const api = createAnalyticsApi({
  openDb: () => openStoreDb(),
  parts: { runPart: workerPartRunner() },
  fit: workerFitRunner(),
});
export type AnalyticsApi = typeof api;
expose(forTheWire(api));
