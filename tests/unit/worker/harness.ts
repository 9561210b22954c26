// Runs a comlink-exposed API on one end of a MessageChannel and hands the other end to the
// bridge as a "Worker": the real comlink protocol, structured clone included, without a thread.
import { expose } from 'comlink';
import type { WorkerLike } from '../../../core/bridge/index.ts';

export interface FakeWorkers {
  make: () => WorkerLike;
  started: number;
  terminated: number;
  /** Fires an 'error' event on the newest worker, as a crashed Worker does. */
  crash(message: string): void;
}

export function fakeWorkers(makeApi: () => object): FakeWorkers {
  let current: EventTarget | null = null;
  const state: FakeWorkers = {
    started: 0,
    terminated: 0,
    make() {
      state.started++;
      const { port1, port2 } = new MessageChannel();
      expose(makeApi(), port1);
      const errors = new EventTarget();
      current = errors;
      const w: WorkerLike = {
        postMessage: (msg: unknown, transfer?: Transferable[]) =>
          port2.postMessage(msg, transfer ?? []),
        addEventListener: (type: string, fn: EventListenerOrEventListenerObject, o?: object) =>
          type === 'error'
            ? errors.addEventListener(type, fn, o)
            : port2.addEventListener(type, fn as never, o),
        removeEventListener: (type: string, fn: EventListenerOrEventListenerObject, o?: object) =>
          type === 'error'
            ? errors.removeEventListener(type, fn, o)
            : port2.removeEventListener(type, fn as never, o),
        start: () => port2.start(),
        terminate: () => {
          state.terminated++;
          port1.close();
          port2.close();
        },
      };
      return w;
    },
    crash(message) {
      const ev = new Event('error');
      Object.assign(ev, { message });
      current?.dispatchEvent(ev);
    },
  };
  return state;
}
