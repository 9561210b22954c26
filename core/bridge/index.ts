export {
  createAnalyticsClient,
  createWorkerClient,
  isAbortError,
  HEAVY_ANALYTICS_METHODS,
} from './client.ts';
export type { CallOptions, ClientOptions, WorkerClient, WorkerLike } from './client.ts';
export type { AnalyticsApi } from '../worker/analytics.worker.ts';
