// When each tracked product is due for a re-check, how failures back off, and the polite
// per-domain queue that runs one re-check round. Time comes from an injected clock so the rules
// are tested without waiting.

/** A product's re-check bookkeeping, kept next to the product. */
export interface CheckState {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** Failed checks in a row (any reason). */
  failures: number;
  /** Client errors (HTTP 4xx) in a row; at `stopAfter4xx` the product is stopped. */
  consecutive4xx: number;
  /** Stopped after repeated 4xx until the user resumes it or checks it by hand. */
  stopped: boolean;
  lastError: string | null;
  /** Earliest next attempt the server asked for (Retry-After). */
  notBefore: number | null;
}

export const INITIAL_CHECK_STATE: CheckState = {
  lastAttemptAt: null,
  lastSuccessAt: null,
  failures: 0,
  consecutive4xx: 0,
  stopped: false,
  lastError: null,
  notBefore: null,
};

export interface ScheduleOptions {
  /** The user's re-check interval (default daily). */
  intervalMs: number;
  /** First retry after a failure; doubles with each failure in a row, capped at `intervalMs`. */
  retryBaseMs: number;
  /** Stop checking a product after this many 4xx answers in a row. */
  stopAfter4xx: number;
}

export const HOUR = 3_600_000;
export const DEFAULT_SCHEDULE: ScheduleOptions = {
  intervalMs: 24 * HOUR,
  retryBaseMs: 15 * 60_000,
  stopAfter4xx: 3,
};

/** The outcome of one check, as the scheduler needs it. */
export type CheckOutcome =
  { ok: true } | { ok: false; reason: string; status?: number; retryAfterMs?: number };

/** Delay before the n-th retry in a row (n ≥ 1): base × 2^(n−1), capped at `maxMs`. */
export function backoffDelay(n: number, baseMs: number, maxMs: number): number {
  if (n <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 30));
}

/** When the product should next be checked (Infinity while stopped). */
export function nextDueAt(s: CheckState, o: ScheduleOptions): number {
  if (s.stopped) return Infinity;
  if (s.lastAttemptAt === null) return 0;
  const after =
    s.failures > 0
      ? s.lastAttemptAt + backoffDelay(s.failures, o.retryBaseMs, o.intervalMs)
      : s.lastAttemptAt + o.intervalMs;
  return Math.max(after, s.notBefore ?? 0);
}

/** Whether the product is due at `now`. */
export function isDue(s: CheckState, now: number, o: ScheduleOptions): boolean {
  return nextDueAt(s, o) <= now;
}

/** The state after a check that ended at `now`. */
export function recordOutcome(
  s: CheckState,
  outcome: CheckOutcome,
  now: number,
  o: ScheduleOptions,
): CheckState {
  if (outcome.ok) return { ...INITIAL_CHECK_STATE, lastAttemptAt: now, lastSuccessAt: now };
  const is4xx = outcome.status !== undefined && outcome.status >= 400 && outcome.status < 500;
  const consecutive4xx = is4xx ? s.consecutive4xx + 1 : 0;
  return {
    lastAttemptAt: now,
    lastSuccessAt: s.lastSuccessAt,
    failures: s.failures + 1,
    consecutive4xx,
    stopped: consecutive4xx >= o.stopAfter4xx,
    lastError: outcome.reason,
    notBefore: outcome.retryAfterMs ? now + outcome.retryAfterMs : null,
  };
}

/** Reading a time and waiting: the real one wraps Date.now/setTimeout, tests use a fake. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The clock of the running browser. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

export interface QueueJob {
  /** Host name the request goes to: spacing and back-off are per domain. */
  domain: string;
}

/** How one request went, for the queue's politeness rules. */
export interface QueueResult {
  ok: boolean;
  status?: number;
  retryAfterMs?: number;
}

export interface QueueOptions {
  /** Minimum time between the starts of two requests to one domain. */
  spacingMs: number;
  /** Upper bound of the per-domain spacing after errors (it doubles with each error in a row). */
  maxSpacingMs: number;
  /** After this many 4xx in a row from one domain, its remaining jobs wait for the next round. */
  stopDomainAfter4xx: number;
  /** Domains worked on at the same time. */
  parallelDomains: number;
}

export const DEFAULT_QUEUE: QueueOptions = {
  spacingMs: 5_000,
  maxSpacingMs: 5 * 60_000,
  stopDomainAfter4xx: 3,
  parallelDomains: 4,
};

export interface QueueReport<J> {
  /** Jobs that ran, with their start time. */
  ran: { job: J; startedAt: number; result: QueueResult }[];
  /** Jobs not run this round, with the reason (a domain that refused repeatedly, or abort). */
  skipped: { job: J; reason: string }[];
}

/**
 * Runs jobs politely: one request at a time per domain, at least `spacingMs` between starts,
 * spacing doubled after each failure in a row (and at least the server's Retry-After), and a
 * domain set aside for this round after repeated 4xx. Different domains proceed in parallel.
 */
export async function runPolitely<J extends QueueJob>(
  jobs: readonly J[],
  run: (job: J) => Promise<QueueResult>,
  clock: Clock,
  opts: QueueOptions = DEFAULT_QUEUE,
  signal?: AbortSignal,
): Promise<QueueReport<J>> {
  const byDomain = new Map<string, J[]>();
  for (const j of jobs) {
    const list = byDomain.get(j.domain);
    if (list) list.push(j);
    else byDomain.set(j.domain, [j]);
  }
  const report: QueueReport<J> = { ran: [], skipped: [] };
  const domains = [...byDomain.keys()];

  const work = async (domain: string) => {
    const list = byDomain.get(domain)!;
    let nextAllowed = -Infinity;
    let errors = 0;
    let clientErrors = 0;
    for (let i = 0; i < list.length; i++) {
      const job = list[i]!;
      if (signal?.aborted) {
        for (const rest of list.slice(i))
          report.skipped.push({ job: rest, reason: 'The re-check was cancelled.' });
        return;
      }
      const wait = nextAllowed - clock.now();
      if (wait > 0) {
        try {
          await clock.sleep(wait, signal);
        } catch {
          for (const rest of list.slice(i))
            report.skipped.push({ job: rest, reason: 'The re-check was cancelled.' });
          return;
        }
      }
      const startedAt = clock.now();
      let result: QueueResult;
      try {
        result = await run(job);
      } catch {
        result = { ok: false };
      }
      report.ran.push({ job, startedAt, result });
      const is4xx = result.status !== undefined && result.status >= 400 && result.status < 500;
      errors = result.ok ? 0 : errors + 1;
      clientErrors = is4xx ? clientErrors + 1 : 0;
      const spacing = Math.min(opts.maxSpacingMs, opts.spacingMs * 2 ** Math.min(errors, 20));
      nextAllowed =
        startedAt + Math.max(errors ? spacing : opts.spacingMs, result.retryAfterMs ?? 0);
      if (clientErrors >= opts.stopDomainAfter4xx) {
        const reason = `${domain} refused ${clientErrors} requests in a row (HTTP ${result.status}); its other products wait for the next round.`;
        for (const rest of list.slice(i + 1)) report.skipped.push({ job: rest, reason });
        return;
      }
    }
  };

  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(opts.parallelDomains, domains.length)) },
    async () => {
      while (next < domains.length) await work(domains[next++]!);
    },
  );
  await Promise.all(lanes);
  return report;
}
