import { describe, expect, it } from 'vitest';
import { createDataset, overview, salesBreakdown } from '../../../core/analytics/index.ts';
import { openStoreDb, writeTables, QuotaError } from '../../../core/db/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { createAnalyticsApi, forTheWire } from '../../../core/worker/index.ts';
import {
  createAnalyticsClient,
  createWorkerClient,
  isAbortError,
} from '../../../core/bridge/index.ts';
import { fakeWorkers } from './harness.ts';

// Small demo stores keep fake-indexeddb fast; the 1M-line scale is the bench's job.
const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 900 });
let n = 0;
const dbName = () => `worker-test-${++n}`;
const analyticsWorkers = (name: string) =>
  fakeWorkers(() =>
    forTheWire(createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small })),
  );

const range = { start: '2026-10-27', end: '2026-11-25' };

describe('worker API (in Node, no boundary)', () => {
  it('loads the demo store, stores it, and a fresh worker reads the same numbers back from IndexedDB', async () => {
    const name = dbName();
    const first = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    const loaded = await first.loadDemo({ seed: 4 });
    expect(loaded).toMatchObject({
      loaded: true,
      empty: false,
      demo: true,
      orders: 900,
      lastDay: '2026-11-25',
      currency: 'USD',
      timezone: 'America/New_York',
    });
    expect(loaded.defaultRange).toEqual(range);
    const fromMemory = await first.overview({ range, compare: 'previous-period' });

    // What a fresh worker (after a reload of the app) computes from the stored columns.
    const second = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    expect((await second.status()).loaded).toBe(false);
    const fromDisk = await second.overview({ range, compare: 'previous-period' });
    expect(fromDisk).toEqual(fromMemory);
    // (The Overview may have come from the stored day summary: the columns are read here.)
    expect((await second.load()).demo).toBe(true);

    // And both agree with core/analytics run directly on the generated columns.
    const store = small({ seed: 4 });
    const direct = overview(createDataset({ ...store }), { range, compare: 'previous-period' });
    expect(fromDisk.current).toEqual(direct.current);
    expect(fromDisk.current.orders).toBeGreaterThan(0);
    const byChannel = await second.salesBreakdown({ range }, 'channel');
    expect(byChannel).toEqual(salesBreakdown(createDataset({ ...store }), { range }, 'channel'));
    const tests = await second.experiments();
    expect(tests.map((t) => t.verdict.verdict)).toContain('srm');
  });

  it('reload picks up a new import written by someone else', async () => {
    const name = dbName();
    const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    await api.loadDemo({ seed: 1 });
    const other = generateDemoStore({ seed: 2, orders: 300 });
    const db = await openStoreDb({ name });
    await writeTables(db, { orders: other.orders, lines: other.lines });
    db.close();
    expect((await api.status()).orders).toBe(900);
    expect((await api.reload()).orders).toBe(300);
  });

  it('says there is no data (by name and code) before anything was imported, and after deleting', async () => {
    const name = dbName();
    const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    expect(await api.load()).toMatchObject({
      loaded: true,
      empty: true,
      orders: 0,
      defaultRange: null,
    });
    await expect(api.overview({ range })).rejects.toMatchObject({
      name: 'NoDataError',
      code: 'no-data',
    });
    await api.loadDemo({ seed: 3 });
    await api.deleteAllData();
    expect((await api.reload()).empty).toBe(true);
  });
});

describe('worker API through comlink and the bridge', () => {
  it('answers overview for a range and comparison period with the same numbers as in-process', async () => {
    const name = dbName();
    const workers = analyticsWorkers(name);
    const client = createAnalyticsClient(workers.make);
    expect(workers.started).toBe(0); // lazy: nothing runs before the first call
    const status = await client.call('loadDemo', [{ seed: 9 }]);
    expect(workers.started).toBe(1);
    expect(status.orders).toBe(900);
    const r = await client.call('overview', [{ range, compare: 'previous-year' }]);
    const direct = overview(createDataset({ ...small({ seed: 9 }) }), {
      range,
      compare: 'previous-year',
    });
    expect(r.current).toEqual(direct.current);
    expect(r.previous).toEqual(direct.previous);
    expect(r.series.netSales).toBeInstanceOf(Float64Array);
    expect(r.series.days).toHaveLength(30);
    client.terminate();
  });

  it('carries error name and code across the boundary (no instanceof needed)', async () => {
    const workers = analyticsWorkers(dbName());
    const client = createAnalyticsClient(workers.make);
    await client.call('loadDemo', [{ seed: 1 }]);
    const err = await client
      .call('overview', [{ range: { start: '2026-11-25', end: '2026-11-01' } }])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'RangeError',
      code: 'invalid-argument',
      message: expect.stringContaining('Swap the dates'),
    });
    client.terminate();

    const quota = fakeWorkers(() =>
      forTheWire({ save: async () => Promise.reject(new QuotaError(5_000_000)) }),
    );
    const c2 = createWorkerClient<{ save(): Promise<void> }>(quota.make);
    const q = await c2.call('save', []).catch((e: unknown) => e);
    expect(q).toMatchObject({ name: 'QuotaError', code: 'quota-exceeded', bytesNeeded: 5_000_000 });
    expect((q as Error).message).toMatch(/5\.0 MB/);
    c2.terminate();
  });

  it('cancels a superseded query with an AbortError and keeps the worker (and its data) running', async () => {
    const workers = analyticsWorkers(dbName());
    const client = createAnalyticsClient(workers.make);
    await client.call('loadDemo', [{ seed: 2 }]);
    const first = client.call('overview', [{ range }], { supersede: 'overview' });
    const second = client.call(
      'overview',
      [{ range: { start: '2026-11-01', end: '2026-11-25' } }],
      { supersede: 'overview' },
    );
    const e = await first.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DOMException);
    expect(isAbortError(e)).toBe(true);
    expect((await second).range).toEqual({ start: '2026-11-01', end: '2026-11-25' });
    expect(workers.terminated).toBe(0);
    const ctl = new AbortController();
    ctl.abort();
    await expect(
      client.call('overview', [{ range }], { signal: ctl.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    client.terminate();
  });
});

describe('bridge: worker life cycle', () => {
  const slowApi = () => ({
    loadDemo: () => new Promise<string>((ok) => setTimeout(() => ok('done'), 5_000)),
    ping: async () => 'pong',
  });
  type SlowApi = ReturnType<typeof slowApi>;

  it('terminates a worker busy with an aborted heavy job and restarts it lazily', async () => {
    const workers = fakeWorkers(slowApi);
    const client = createWorkerClient<SlowApi>(workers.make, { heavy: ['loadDemo'] });
    const ctl = new AbortController();
    const job = client.call('loadDemo', [], { signal: ctl.signal });
    const bystander = client.call('loadDemo', []);
    ctl.abort();
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    await expect(bystander).rejects.toMatchObject({
      name: 'WorkerTerminatedError',
      code: 'worker-restarted',
    });
    expect(workers.terminated).toBe(1);
    expect(client.running).toBe(false);
    expect(await client.call('ping', [])).toBe('pong');
    expect(workers.started).toBe(2);
    client.terminate();
  });

  it('stops an idle worker and starts a new one on the next call', async () => {
    const workers = fakeWorkers(slowApi);
    const client = createWorkerClient<SlowApi>(workers.make, { idleMs: 30 });
    expect(await client.call('ping', [])).toBe('pong');
    expect(client.running).toBe(true);
    await new Promise((ok) => setTimeout(ok, 80));
    expect(client.running).toBe(false);
    expect(workers.terminated).toBe(1);
    expect(await client.call('ping', [])).toBe('pong');
    expect(workers.started).toBe(2);
    client.terminate();
  });

  it('rejects pending calls with a named error when the worker crashes, then recovers', async () => {
    const workers = fakeWorkers(slowApi);
    const client = createWorkerClient<SlowApi>(workers.make);
    const job = client.call('loadDemo', []);
    await new Promise((ok) => setTimeout(ok, 10));
    workers.crash('out of memory');
    await expect(job).rejects.toMatchObject({
      name: 'WorkerCrashedError',
      code: 'worker-crashed',
      message: expect.stringContaining('out of memory'),
    });
    expect(await client.call('ping', [])).toBe('pong');
    client.terminate();
  });
});

describe('saving settings and tests in the worker', () => {
  it('validates there, stores, and updates the loaded data without re-reading the store', async () => {
    const name = dbName();
    const w = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    await w.loadDemo({ seed: 4 });
    const store = small({ seed: 4 });
    const before = await w.overview({ range });

    // A bad field is named and nothing is written.
    await expect(
      w.saveSettings({ ...store.settings, refundDating: 'sometimes' }, []),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('refundDating') });
    const untouched = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    expect(await untouched.overview({ range })).toEqual(before);

    // Days cut in Tokyo: the same as building the data with that setting.
    const targets = [{ id: 't', metric: 'orders', month: '2026-11', value: 10 }];
    await w.saveSettings({ ...store.settings, timezone: 'Asia/Tokyo' }, targets);
    const direct = overview(
      createDataset({ ...store, settings: { ...store.settings, timezone: 'Asia/Tokyo' } }),
      { range },
    );
    expect(direct.current).not.toEqual(before.current); // days cut 14 hours apart
    expect((await w.overview({ range })).current).toEqual(direct.current);
    expect((await w.targetPace('2026-11')).rows.map((r) => [r.metric, r.target])).toEqual([
      ['orders', 10],
    ]);
    const fresh = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    expect((await fresh.overview({ range })).current).toEqual(direct.current);

    const test = {
      id: 'hand-1',
      name: 'Free shipping banner',
      startDate: '2026-11-01',
      variants: [
        { name: 'Control', visitors: 1000, conversions: 30 },
        { name: 'Banner', visitors: 1000, conversions: 45 },
      ],
    };
    await expect(
      w.saveExperiment({
        ...test,
        variants: [test.variants[0], { name: 'Banner', visitors: 10, conversions: 45 }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('variant 2 (Banner)') });
    await w.saveExperiment(test);
    const listed = (await w.experimentList()).find((e) => e.id === 'hand-1');
    expect(listed).toMatchObject({ name: 'Free shipping banner', visitors: 2000, variants: 2 });
    const again = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    expect((await again.experimentList()).map((e) => e.id)).toContain('hand-1');
  });
});
