// Long page work as steps: a generator yields between steps, so one caller can run it straight
// through (tests, callers that need the answer now) and another can hand the page its main thread
// back between steps. Both run the same code, so both give the same answer.

export type Steps<T> = Generator<void, T, void>;

/** Runs the steps back to back and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How a staged run used the main thread: work time, its longest task, and the tasks it took. */
export interface StagedTimings {
  /** Time spent working (waiting between tasks not counted), ms. */
  workMs: number;
  longestTaskMs: number;
  tasks: number;
}

export interface StagedOptions {
  /**
   * Work this long (ms) before giving the thread back; a step that starts is always finished.
   * 0 gives it back after every step. Default 4.
   */
  sliceMs?: number;
  /** Gives the thread back and resolves when the page has had its turn (default: yieldToPage). */
  pause?: () => Promise<void>;
}

type YieldingScheduler = { yield?: () => Promise<void> };

/**
 * Ends the current task and resolves in a new one: `scheduler.yield()` where the browser has it
 * (the continuation goes ahead of other queued tasks), else a MessageChannel message (setTimeout(0)
 * is clamped to 4 ms after a few nested calls), else setTimeout.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: YieldingScheduler }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs the steps in tasks of about `sliceMs`, giving the thread back between them. */
export async function runStaged<T>(
  steps: Steps<T>,
  options: StagedOptions = {},
): Promise<{ value: T; timings: StagedTimings }> {
  const sliceMs = options.sliceMs ?? 4;
  const pause = options.pause ?? yieldToPage;
  const timings: StagedTimings = { workMs: 0, longestTaskMs: 0, tasks: 1 };
  let started = performance.now();
  const endTask = () => {
    const ms = performance.now() - started;
    timings.workMs += ms;
    if (ms > timings.longestTaskMs) timings.longestTaskMs = ms;
  };
  for (;;) {
    const r = steps.next();
    if (r.done) {
      endTask();
      return { value: r.value, timings };
    }
    if (performance.now() - started >= sliceMs) {
      endTask();
      await pause();
      timings.tasks++;
      started = performance.now();
    }
  }
}
