/**
 * One whole sync as resumable steps: the connector's `sync` is called again while its cursor says
 * more remains (WooCommerce hands back a few pages per call; Shopify one call per sync), and each
 * step's result is committed by the caller (its data kept, then its cursor) before the next step
 * starts. A browser closed mid-sync, an error or a cancel therefore loses at most the step under
 * way: the saved cursor never points past data that was not kept, and the next sync resumes from
 * it instead of starting over.
 */
import type { Connector, SyncCursor, SyncOptions, SyncResult, SyncSummary } from './types.ts';

export interface StepOptions extends SyncOptions {
  /**
   * Keeps one step's result, data first and then `result.cursor` (the position after it).
   * `replaces` is true for the first step of a full sync (no `since`, nothing resumed): what it
   * brings replaces what earlier syncs left waiting.
   */
  commit(result: SyncResult, replaces: boolean): Promise<void>;
}

/** Runs the sync from `cursor` to its end; resolves with the final cursor and the whole summary. */
export async function runSteps(
  connector: Connector,
  cursor: SyncCursor,
  options: StepOptions,
): Promise<{ cursor: SyncCursor; summary: SyncSummary }> {
  let at = cursor;
  let summary: SyncSummary | null = null;
  for (;;) {
    const replaces = at.since === null && at.resume === null;
    const r = await connector.sync(at, options);
    await options.commit(r, replaces);
    summary = summary
      ? {
          orders: summary.orders + r.summary.orders,
          refunds: summary.refunds + r.summary.refunds,
          products: summary.products + r.summary.products,
          startedAt: summary.startedAt,
          endedAt: r.summary.endedAt,
        }
      : r.summary;
    at = r.cursor;
    if (at.resume === null) return { cursor: at, summary };
  }
}
