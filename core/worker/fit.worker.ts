/**
 * The customer-value fit's thread (core/worker/fit.ts): fits both models on the histories it is
 * sent and posts the parameters and per-customer predictions back, transferred.
 */
import { fitModels, fitTransferables, type FitInput } from '../analytics/customerValue.ts';
import type { FitMessage } from './fit.ts';

self.onmessage = (e: MessageEvent<FitInput>) => {
  try {
    const fit = fitModels(e.data);
    postMessage({ kind: 'done', fit } satisfies FitMessage, {
      transfer: fit ? fitTransferables(fit) : [],
    });
  } catch (err) {
    const x = err as { name?: string; message?: string };
    postMessage({
      kind: 'failed',
      name: x.name ?? 'Error',
      message: x.message ?? String(err),
    } satisfies FitMessage);
  }
};
