// A virtual clock for the re-check queue: sleeps resolve only when the test advances time, so
// spacing and back-off are checked in milliseconds of virtual time, not real waiting.
import type { Clock } from '../../../core/tracking/index.ts';

export class FakeClock implements Clock {
  t: number;
  private timers: { at: number; resolve: () => void; seq: number }[] = [];
  private seq = 0;
  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), resolve, seq: this.seq++ });
    });
  }
  /** Runs `task` to completion, advancing virtual time to each pending timer when nothing else can run. */
  async run<T>(task: Promise<T>): Promise<T> {
    let done = false;
    let value: T;
    let error: unknown;
    let failed = false;
    task.then(
      (v) => ((done = true), (value = v)),
      (e: unknown) => ((done = true), (failed = true), (error = e)),
    );
    const started = Date.now();
    while (!done) {
      // Let real asynchronous work (fake-indexeddb schedules on macrotasks) settle before time moves.
      for (let i = 0; i < 5 && !done; i++) await new Promise((r) => setTimeout(r, 0));
      if (done) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) {
        if (Date.now() - started > 5000)
          throw new Error('FakeClock: the task is stuck with no timer pending');
        continue;
      }
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    if (failed) throw error;
    return value!;
  }
}
