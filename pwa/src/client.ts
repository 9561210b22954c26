/** The PWA's one analytics client: the worker starts on the first query (core/bridge). */
import { createAnalyticsClient, type WorkerClient } from '../../core/bridge/client.ts';
import type { AnalyticsApi } from '../../core/worker/analytics.worker.ts';

export type Api = WorkerClient<AnalyticsApi>;

export const api: Api = createAnalyticsClient(
  () =>
    new Worker(new URL('../../core/worker/analytics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'storelens-analytics',
    }),
);
