import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  HOUR,
  INITIAL_CHECK_STATE,
  backoffDelay,
  isDue,
  nextDueAt,
  recordOutcome,
  runPolitely,
  type CheckState,
  type QueueOptions,
  type QueueResult,
} from '../../../core/tracking/index.ts';
import { FakeClock } from './fake-clock.ts';

const opts: QueueOptions = {
  spacingMs: 5000,
  maxSpacingMs: 60_000,
  stopDomainAfter4xx: 3,
  parallelDomains: 4,
};

describe('schedule', () => {
  const t0 = 1_700_000_000_000;

  it('checks a new product at once and a healthy one again after the user interval', () => {
    expect(isDue(INITIAL_CHECK_STATE, t0, DEFAULT_SCHEDULE)).toBe(true);
    const s = recordOutcome(INITIAL_CHECK_STATE, { ok: true }, t0, DEFAULT_SCHEDULE);
    expect(isDue(s, t0 + 23 * HOUR, DEFAULT_SCHEDULE)).toBe(false);
    expect(isDue(s, t0 + 24 * HOUR, DEFAULT_SCHEDULE)).toBe(true);
  });

  it('retries failures with exponential back-off, never later than the interval', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 15, 1000))).toEqual([15, 30, 60, 120]);
    let s: CheckState = INITIAL_CHECK_STATE;
    const delays: number[] = [];
    let t = t0;
    for (let i = 0; i < 9; i++) {
      s = recordOutcome(s, { ok: false, reason: 'timeout' }, t, DEFAULT_SCHEDULE);
      const due = nextDueAt(s, DEFAULT_SCHEDULE);
      delays.push((due - t) / 60_000);
      t = due;
    }
    expect(delays).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    expect(s.lastError).toBe('timeout');
    // One success resets the back-off.
    s = recordOutcome(s, { ok: true }, t, DEFAULT_SCHEDULE);
    expect(s.failures).toBe(0);
    expect(nextDueAt(s, DEFAULT_SCHEDULE) - t).toBe(24 * HOUR);
  });

  it('stops a product after three 4xx answers in a row, but not after 5xx', () => {
    let s: CheckState = INITIAL_CHECK_STATE;
    s = recordOutcome(s, { ok: false, reason: 'HTTP 404', status: 404 }, t0, DEFAULT_SCHEDULE);
    s = recordOutcome(s, { ok: false, reason: 'HTTP 404', status: 404 }, t0 + 1, DEFAULT_SCHEDULE);
    expect(s.stopped).toBe(false);
    s = recordOutcome(s, { ok: false, reason: 'HTTP 404', status: 404 }, t0 + 2, DEFAULT_SCHEDULE);
    expect(s.stopped).toBe(true);
    expect(nextDueAt(s, DEFAULT_SCHEDULE)).toBe(Infinity);
    let t: CheckState = INITIAL_CHECK_STATE;
    for (let i = 0; i < 5; i++)
      t = recordOutcome(
        t,
        { ok: false, reason: 'HTTP 503', status: 503 },
        t0 + i,
        DEFAULT_SCHEDULE,
      );
    expect(t.stopped).toBe(false);
  });

  it('honours Retry-After beyond the back-off', () => {
    const s = recordOutcome(
      INITIAL_CHECK_STATE,
      { ok: false, reason: 'HTTP 429', status: 429, retryAfterMs: 2 * HOUR },
      t0,
      DEFAULT_SCHEDULE,
    );
    expect(nextDueAt(s, DEFAULT_SCHEDULE)).toBe(t0 + 2 * HOUR);
  });
});

describe('runPolitely', () => {
  it('spaces requests to one domain and runs other domains in parallel', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const jobs = [
      { domain: 'a.example', id: 1 },
      { domain: 'a.example', id: 2 },
      { domain: 'a.example', id: 3 },
      { domain: 'b.example', id: 4 },
      { domain: 'b.example', id: 5 },
    ];
    const report = await clock.run(runPolitely(jobs, async () => ({ ok: true }), clock, opts));
    const starts = (d: string) =>
      report.ran.filter((r) => r.job.domain === d).map((r) => r.startedAt - start);
    expect(starts('a.example')).toEqual([0, 5000, 10000]);
    expect(starts('b.example')).toEqual([0, 5000]);
    expect(report.skipped).toEqual([]);
  });

  it('doubles the spacing after each failure in a row and resets after a success', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const outcomes: QueueResult[] = [
      { ok: false, status: 503 },
      { ok: false },
      { ok: false, status: 500 },
      { ok: true },
      { ok: true },
      { ok: true },
    ];
    const jobs = outcomes.map((_, i) => ({ domain: 'shop.example', i }));
    const report = await clock.run(runPolitely(jobs, async (j) => outcomes[j.i]!, clock, opts));
    expect(report.ran.map((r) => r.startedAt - start)).toEqual([
      0, 10_000, 30_000, 70_000, 75_000, 80_000,
    ]);
  });

  it('waits at least the Retry-After a server asks for', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const jobs = [
      { domain: 's', i: 0 },
      { domain: 's', i: 1 },
    ];
    const report = await clock.run(
      runPolitely(
        jobs,
        async (j) => (j.i === 0 ? { ok: false, status: 429, retryAfterMs: 120_000 } : { ok: true }),
        clock,
        opts,
      ),
    );
    expect(report.ran[1]!.startedAt - start).toBe(120_000);
  });

  it('sets a domain aside after three 4xx in a row and says why', async () => {
    const clock = new FakeClock();
    const jobs = Array.from({ length: 6 }, (_, i) => ({ domain: 'blocked.example', i }));
    const other = { domain: 'fine.example', i: 99 };
    const report = await clock.run(
      runPolitely(
        [...jobs, other],
        async (j) => (j.domain === 'blocked.example' ? { ok: false, status: 403 } : { ok: true }),
        clock,
        opts,
      ),
    );
    expect(report.ran.filter((r) => r.job.domain === 'blocked.example')).toHaveLength(3);
    expect(report.skipped).toHaveLength(3);
    expect(report.skipped[0]!.reason).toMatch(
      /blocked\.example refused 3 requests in a row \(HTTP 403\)/,
    );
    expect(report.ran.some((r) => r.job.domain === 'fine.example')).toBe(true);
  });

  it('stops between requests when cancelled, listing what was not checked', async () => {
    const clock = new FakeClock();
    const ctl = new AbortController();
    const jobs = [0, 1, 2].map((i) => ({ domain: 'x', i }));
    const report = await clock.run(
      runPolitely(
        jobs,
        async (j) => {
          if (j.i === 0) ctl.abort();
          return { ok: true };
        },
        clock,
        opts,
        ctl.signal,
      ),
    );
    expect(report.ran).toHaveLength(1);
    expect(report.skipped.map((s) => s.job.i)).toEqual([1, 2]);
  });
});
