// Type-level tests of the bridge: the worker API's type flows through `call`, so a wrong method
// name, wrong arguments or a misread result fail `npm run typecheck` (and these assertions).
import { describe, expectTypeOf, it } from 'vitest';
import type { OverviewResult, Query } from '../../../core/analytics/index.ts';
import type { WorkerClient } from '../../../core/bridge/index.ts';
import type { AnalyticsApi } from '../../../core/worker/analytics.worker.ts';
import type { LoadResult } from '../../../core/worker/index.ts';

type Client = WorkerClient<AnalyticsApi>;
// Only used in type positions and inside a branch that never runs.
const client = null as unknown as Client;
type CallOf<K extends Parameters<Client['call']>[0]> = typeof client.call<K>;
const q: Query = { range: { start: '2026-11-01', end: '2026-11-25' }, compare: 'previous-year' };

describe('bridge types', () => {
  it('derives argument and result types from the worker API', () => {
    expectTypeOf<CallOf<'overview'>>().parameter(1).toEqualTypeOf<[q: Query]>();
    expectTypeOf<CallOf<'overview'>>().returns.resolves.toEqualTypeOf<OverviewResult>();
    expectTypeOf<CallOf<'load'>>().returns.resolves.toEqualTypeOf<LoadResult>();
    const never = false as boolean;
    if (never) {
      void client.call('overview', [q], { signal: new AbortController().signal, supersede: 'o' });
      // @ts-expect-error: no such worker method
      void client.call('overveiw', [q]);
      // @ts-expect-error: a query is required
      void client.call('overview', []);
      // @ts-expect-error: the range must be a DateRange, not a string
      void client.call('overview', [{ range: 'last 30 days' }]);
    }
  });
});
