/**
 * Errors that cross the worker boundary. Structured clone keeps only an Error's message (and
 * comlink its name), so the worker sends a plain record with a stable `name` and `code`, and the
 * bridge turns it back into an Error with the same fields. Callers check `name`/`code`, never
 * `instanceof`.
 */

/** An error the worker API throws on purpose, with a stable name and code. */
export class WorkerApiError extends Error {
  readonly code: string;
  constructor(name: string, code: string, message: string) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/** The plain record an error travels as. */
export interface WireError {
  __storelensError: 1;
  name: string;
  code: string;
  message: string;
  /** Extra numeric or string facts (e.g. a QuotaError's bytesNeeded). */
  details: Record<string, string | number | boolean | Uint8Array>;
}

/** Stable codes for errors that do not carry one. */
const codeByName: Record<string, string> = {
  RangeError: 'invalid-argument',
  TypeError: 'internal',
  AbortError: 'aborted',
  DataCloneError: 'unserializable',
  QuotaExceededError: 'quota-exceeded',
};

/** Turns anything thrown into the record sent over the boundary. */
export function toWireError(e: unknown): WireError {
  const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
  const name = typeof o.name === 'string' && o.name ? o.name : 'Error';
  const message = typeof o.message === 'string' ? o.message : String(e);
  const code = typeof o.code === 'string' ? o.code : (codeByName[name] ?? 'internal');
  const details: WireError['details'] = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'name' || k === 'message' || k === 'code' || k === 'stack') continue;
    // Bytes too: a failed import's backup bundle travels with its error.
    if (
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      v instanceof Uint8Array
    )
      details[k] = v;
  }
  return { __storelensError: 1, name, code, message, details };
}

/** True for a record made by toWireError. */
export function isWireError(e: unknown): e is WireError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { __storelensError?: unknown }).__storelensError === 1
  );
}

/** Rebuilds an Error (name, code, details as properties) from what came over the boundary. */
export function fromWireError(e: unknown): Error & { code: string } {
  if (isWireError(e)) {
    const err = new Error(e.message) as Error & { code: string };
    Object.assign(err, e.details);
    err.name = e.name;
    err.code = e.code;
    return err;
  }
  const base = e instanceof Error ? e : new Error(String(e));
  const err = base as Error & { code: string };
  if (typeof err.code !== 'string') err.code = codeByName[err.name] ?? 'internal';
  return err;
}

type AsyncApi = Record<string, (...args: never[]) => Promise<unknown>>;

/** Wraps every method so what it throws crosses the boundary as a WireError record. */
export function forTheWire<T extends object>(api: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(api as AsyncApi)) {
    out[key] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw toWireError(e);
      }
    };
  }
  return out as T;
}
