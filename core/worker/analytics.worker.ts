/**
 * The analytics worker's entry: the only file that runs at load, and only inside the Worker.
 * Create it with `new Worker(new URL('core/worker/analytics.worker.ts', import.meta.url), { type: 'module' })`
 * and talk to it through core/bridge.
 */
import { expose } from 'comlink';
import { openStoreDb } from '../db/store.ts';
import { createAnalyticsApi } from './api.ts';
import { forTheWire } from './errors.ts';

const api = createAnalyticsApi({ openDb: () => openStoreDb() });
export type AnalyticsApi = typeof api;
expose(forTheWire(api));
