/**
 * The customer-value fit (BG/NBD + Gamma-Gamma on every customer: seconds at 300,000 customers)
 * on a thread of its own, so the analytics worker answers a range change made meanwhile in its
 * usual time instead of after the fit. The per-customer histories go over transferred (typed
 * arrays, not copied), and the parameters and each customer's expected orders and spend come back
 * the same way.
 */
import { fitTransferables, type FitInput, type ModelFit } from '../analytics/customerValue.ts';

/** What the fit worker posts back. */
export type FitMessage =
  { kind: 'done'; fit: ModelFit | null } | { kind: 'failed'; name: string; message: string };

/** Runs the fit on a worker started for it, or null where this context cannot start workers (Node). */
export function workerFitRunner(): ((input: FitInput) => Promise<ModelFit | null>) | null {
  if (typeof Worker === 'undefined') return null;
  return (input) =>
    new Promise<ModelFit | null>((resolve, reject) => {
      const w = new Worker(new URL('./fit.worker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (e: MessageEvent<FitMessage>) => {
        w.terminate();
        const m = e.data;
        if (m.kind === 'done') resolve(m.fit);
        else reject(Object.assign(new Error(m.message), { name: m.name }));
      };
      w.onerror = (e) => {
        w.terminate();
        reject(new Error(`The customer-value fit stopped: ${e.message}`));
      };
      w.postMessage(input, fitTransferables(input));
    });
}
