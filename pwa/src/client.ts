/** The PWA's one analytics client: the worker starts on the first query (core/bridge). */
import { createAnalyticsClient, type WorkerClient } from '../../core/bridge/client.ts';
import type { AnalyticsApi } from '../../core/worker/analytics.worker.ts';

export type Api = WorkerClient<AnalyticsApi>;

const worker: Api = createAnalyticsClient(
  () =>
    new Worker(new URL('../../core/worker/analytics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'storelens-analytics',
    }),
);

/** Answers the app already holds (the startup entry's Overview and profit card), each given once for its call. */
const primed = new Map<string, unknown>();
const callKey = (method: string, args: unknown) => `${method} ${JSON.stringify(args)}`;

/** The next `method(...args)` call is answered with `answer`, without the worker. */
export function primeAnswer<K extends 'overview' | 'profitCard'>(
  method: K,
  args: Parameters<AnalyticsApi[K]>,
  answer: Awaited<ReturnType<AnalyticsApi[K]>>,
): void {
  primed.set(callKey(method, args), answer);
}

/** Drops answers not asked for yet (the data they came from is read now: the worker answers). */
export function clearPrimed(): void {
  primed.clear();
}

export const api: Api = {
  call(method, args, opts) {
    const key = callKey(method, args);
    if (primed.has(key)) {
      const answer = primed.get(key);
      primed.delete(key);
      return Promise.resolve(answer as never);
    }
    return worker.call(method, args, opts);
  },
  terminate: () => worker.terminate(),
  get running() {
    return worker.running;
  },
  get pending() {
    return worker.pending;
  },
};
