/**
 * The one client for a comlink worker: starts it lazily on the first call, gives every call an
 * AbortSignal, cancels superseded calls, restarts the worker when an aborted heavy job is still
 * running in it, and terminates it when idle. Errors arrive with a stable `name` and `code`.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';
import type { AnalyticsApi } from '../worker/analytics.worker.ts';
import { fromWireError } from '../worker/errors.ts';

/** What the client needs of a Worker (a real one, or a MessagePort in tests). */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

export interface ClientOptions {
  /** Terminate the worker after this long without calls (ms). Default 5 minutes. */
  idleMs?: number;
  /**
   * Methods whose work is worth stopping: aborting one of them while it runs terminates the
   * worker (it restarts lazily on the next call). Aborting any other call only drops its result.
   */
  heavy?: readonly string[];
}

export interface CallOptions {
  signal?: AbortSignal;
  /** A later call with the same key aborts this one (e.g. 'overview' when the range changes). */
  supersede?: string;
}

type Method = (...args: never[]) => unknown;
type MethodNames<Api> = { [K in keyof Api]: Api[K] extends Method ? K : never }[keyof Api] & string;
type Args<F> = F extends (...args: infer A) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface WorkerClient<Api> {
  /** Calls a worker method; rejects with a DOMException named AbortError when aborted. */
  call<K extends MethodNames<Api>>(
    method: K,
    args: Args<Api[K]>,
    opts?: CallOptions,
  ): Promise<Result<Api[K]>>;
  /** Stops the worker now; pending calls reject with WorkerTerminatedError. */
  terminate(): void;
  /** True while a worker is running. */
  readonly running: boolean;
  /** Calls in flight. */
  readonly pending: number;
}

/** An Error with a stable name and code, made on this side of the boundary. */
function namedError(name: string, code: string, message: string): Error & { code: string } {
  const e = new Error(message) as Error & { code: string };
  e.name = name;
  e.code = code;
  return e;
}

function abortError(signal?: AbortSignal): DOMException {
  const r: unknown = signal?.reason;
  if (r instanceof DOMException && r.name === 'AbortError') return r;
  return new DOMException('The query was cancelled (a newer one replaced it).', 'AbortError');
}

/** True for the rejection of an aborted call (by name, as across any boundary). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

interface Pending {
  method: string;
  reject: (e: unknown) => void;
  generation: number;
}

/** A client for any comlink-exposed API. */
export function createWorkerClient<Api>(
  makeWorker: () => WorkerLike,
  opts: ClientOptions = {},
): WorkerClient<Api> {
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const heavy = new Set(opts.heavy ?? []);
  let worker: WorkerLike | null = null;
  let remote: Remote<Api> | null = null;
  // Bumped on every (re)start: results of an old worker are never delivered.
  let generation = 0;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  const pending = new Set<Pending>();
  const superseded = new Map<string, AbortController>();

  function stop(reason: Error) {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const w = worker;
    worker = null;
    remote = null;
    generation++;
    for (const p of [...pending]) {
      pending.delete(p);
      p.reject(reason);
    }
    w?.terminate();
  }

  function start(): Remote<Api> {
    if (remote) return remote;
    const w = makeWorker();
    worker = w;
    generation++;
    const onError = (ev: Event) => {
      if (worker !== w) return;
      const detail = (ev as ErrorEvent).message;
      stop(
        namedError(
          'WorkerCrashedError',
          'worker-crashed',
          `The analytics worker stopped unexpectedly${detail ? ` (${detail})` : ''}. The next action restarts it.`,
        ),
      );
    };
    w.addEventListener('error', onError as never);
    remote = wrap<Api>(w);
    return remote;
  }

  function scheduleIdle() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (pending.size > 0 || !worker) return;
    idleTimer = setTimeout(() => {
      if (pending.size === 0) {
        stop(
          namedError(
            'WorkerTerminatedError',
            'worker-idle',
            'The analytics worker was stopped while idle.',
          ),
        );
      }
    }, idleMs);
    (idleTimer as { unref?: () => void }).unref?.();
  }

  const client: WorkerClient<Api> = {
    call(method, args, callOpts = {}) {
      const { signal, supersede } = callOpts;
      let own: AbortController | null = null;
      if (supersede) {
        superseded.get(supersede)?.abort(abortError());
        own = new AbortController();
        superseded.set(supersede, own);
      }
      const signals = [signal, own?.signal].filter((s): s is AbortSignal => !!s);
      const aborted = signals.find((s) => s.aborted);
      if (aborted) return Promise.reject(abortError(aborted));
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;

      return new Promise((resolve, reject) => {
        const r = start();
        const entry: Pending = { method, reject, generation };
        pending.add(entry);
        const cleanup = () => {
          pending.delete(entry);
          for (const s of signals) s.removeEventListener('abort', onAbort);
          if (own && superseded.get(supersede!) === own) superseded.delete(supersede!);
          scheduleIdle();
        };
        const onAbort = (ev: Event) => {
          if (!pending.has(entry)) return;
          cleanup();
          reject(abortError(ev.target as AbortSignal));
          // The worker is single-threaded: a heavy job would delay every later call, so stop it.
          if (heavy.has(method) && entry.generation === generation) {
            stop(
              namedError(
                'WorkerTerminatedError',
                'worker-restarted',
                `The analytics worker was restarted to cancel '${method}'. Try the action again.`,
              ),
            );
          }
        };
        for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
        const fn = (r as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        fn(...(args as unknown[])).then(
          (value) => {
            if (!pending.has(entry)) return;
            cleanup();
            resolve(value as never);
          },
          (e: unknown) => {
            if (!pending.has(entry)) return;
            cleanup();
            reject(fromWireError(e));
          },
        );
      });
    },
    terminate() {
      stop(
        namedError(
          'WorkerTerminatedError',
          'worker-terminated',
          'The analytics worker was stopped.',
        ),
      );
    },
    get running() {
      return worker !== null;
    },
    get pending() {
      return pending.size;
    },
  };
  return client;
}

/** Methods of the analytics worker that are worth terminating the worker to cancel. */
export const HEAVY_ANALYTICS_METHODS = ['load', 'reload', 'loadDemo', 'importFiles'] as const;

/** The analytics worker's client: `client.call('overview', [query], { signal })`. */
export function createAnalyticsClient(
  makeWorker: () => WorkerLike,
  opts: ClientOptions = {},
): WorkerClient<AnalyticsApi> {
  return createWorkerClient<AnalyticsApi>(makeWorker, { heavy: HEAVY_ANALYTICS_METHODS, ...opts });
}
