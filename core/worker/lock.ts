/**
 * One writer at a time for the store database, across tabs and windows. An import reads the
 * stored tables, merges for seconds, then writes them back whole: two imports running side by
 * side (two tabs) would each write what they read plus their own rows, and the later commit would
 * silently drop the other's changes. So every write in the worker (imports, bundle merges, undo,
 * settings, targets, experiments, the demo store, delete-all, forgetting emails) runs under one
 * Web Lock, held from its first read of what it changes until its commit. The browser releases a
 * lock whose worker or tab goes away (a cancelled import terminates its worker).
 *
 * Where the Web Locks API is missing (Node in tests, very old browsers) writers of this context
 * queue in-process instead.
 */

/** The lock every store writer holds (the same name in every tab and worker of the origin). */
export const STORE_WRITER_LOCK = 'storelens-store-writer';

interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

function lockManager(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : null;
}

// The in-process fallback: a chain of writers, and how many hold or wait for it.
let tail: Promise<void> = Promise.resolve();
let inLine = 0;

const BUSY = Symbol('busy');

/**
 * Runs `write` holding the store-writer lock. When another tab, window or call holds it, calls
 * `onWait` once (the screen says what it waits for) and waits its turn. Not re-entrant: a writer
 * calls the unlocked forms of other writers.
 */
export async function withStoreWriter<T>(write: () => Promise<T>, onWait?: () => void): Promise<T> {
  const locks = lockManager();
  if (locks) {
    const first = await locks.request<T | typeof BUSY>(
      STORE_WRITER_LOCK,
      { ifAvailable: true },
      (lock) => (lock ? write() : BUSY),
    );
    if (first !== BUSY) return first as T;
    onWait?.();
    return locks.request(STORE_WRITER_LOCK, {}, () => write());
  }
  if (inLine > 0) onWait?.();
  inLine++;
  const before = tail;
  let release!: () => void;
  tail = new Promise((resolve) => (release = resolve));
  try {
    await before;
    return await write();
  } finally {
    inLine--;
    release();
  }
}
