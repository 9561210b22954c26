import { IngestError } from './errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// Enough bytes to see a BOM, a file signature and a few lines of text before choosing.
const SNIFF_BYTES = 4096;

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** Rejects files that are clearly not text exports, with what to do instead. */
function rejectNonText(b: Uint8Array): void {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new IngestError(
      'spreadsheet',
      'This is an Excel workbook (or another ZIP file), not a CSV export. Open it in your spreadsheet program, save it as "CSV UTF-8", and import that file.',
    );
  }
  if (startsWith(b, [0x1f, 0x8b])) {
    throw new IngestError(
      'gzip',
      'This file is gzip-compressed. Decompress it first, or import it as a Storelens bundle.',
    );
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) {
    throw new IngestError(
      'binary',
      'This is a PDF, not a CSV export. Download the report as CSV from your platform.',
    );
  }
}

/** Guesses the encoding from a BOM, NUL-byte patterns (UTF-16 without BOM) or UTF-8 validity. */
export function sniffEncoding(b: Uint8Array, final: boolean): TextEncoding {
  rejectNonText(b);
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(b, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(b, [0xfe, 0xff])) return 'utf-16be';
  const n = Math.min(b.length, SNIFF_BYTES);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i++) {
    if (b[i] === 0) {
      if (i & 1) oddZero++;
      else evenZero++;
    }
  }
  // UTF-16 text of mostly ASCII has a zero in every other byte.
  if (oddZero > n / 4 && evenZero === 0) return 'utf-16le';
  if (evenZero > n / 4 && oddZero === 0) return 'utf-16be';
  if (evenZero + oddZero > 0) {
    throw new IngestError(
      'binary',
      'This file is not text (it contains binary data). Export the report as CSV and try again.',
    );
  }
  try {
    // Only the head decides; later invalid bytes switch the reader to line-by-line decoding.
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, SNIFF_BYTES), {
      stream: !final || b.length > SNIFF_BYTES,
    });
    return 'utf-8';
  } catch {
    // Not valid UTF-8: Excel on Windows saves "CSV" in the ANSI code page, which is Windows-1252 in
    // the markets Storelens targets; every byte sequence decodes in it.
    return 'windows-1252';
  }
}

/**
 * Incremental bytes → text. Decodes chunk by chunk (multi-byte characters split across chunks
 * are held back by TextDecoder's stream mode), so a big file never needs to be whole in memory.
 */
export class StreamDecoder {
  encoding: TextEncoding | null = null;
  readonly warnings: string[] = [];
  private decoder: TextDecoder | Cp1252Decoder | null = null;
  private pending: Uint8Array | null = null;
  private bytesDone = 0;
  private mixed = false;
  private fallbackLines = 0;
  private carry: Uint8Array | null = null;
  private readonly strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly cp1252 = new Cp1252Decoder();

  /** Decodes one chunk; the first call(s) may return "" while enough bytes to sniff accumulate. */
  push(chunk: Uint8Array, final = false): string {
    if (!this.decoder) {
      const head = this.pending ? concatBytes(this.pending, chunk) : chunk;
      if (head.length < SNIFF_BYTES && !final) {
        this.pending = head.slice();
        return '';
      }
      this.pending = null;
      this.encoding = sniffEncoding(head, final);
      this.decoder =
        this.encoding === 'windows-1252'
          ? new Cp1252Decoder()
          : new TextDecoder(this.encoding, { fatal: this.encoding === 'utf-8' });
      chunk = head;
    }
    if (this.mixed) return this.decodeMixed(chunk, final);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: !final });
    } catch {
      // Valid UTF-8 at the start but not here: the file mixes encodings (typically rows pasted in
      // from a Windows program). From here on each line is read as UTF-8 when it is valid and as
      // Windows-1252 when not, so both kinds of accented letters come out right.
      this.mixed = true;
      return this.decodeMixed(chunk, final);
    }
    this.bytesDone += chunk.length;
    return text;
  }

  private decodeMixed(chunk: Uint8Array, final: boolean): string {
    const base = this.bytesDone - (this.carry?.length ?? 0);
    this.bytesDone += chunk.length;
    const bytes = this.carry ? concatBytes(this.carry, chunk) : chunk;
    this.carry = null;
    let end = bytes.length;
    if (!final) {
      end = bytes.lastIndexOf(0x0a) + 1;
      if (end < bytes.length) this.carry = bytes.slice(end);
    }
    const out: string[] = [];
    let start = 0;
    while (start < end) {
      let nl = bytes.indexOf(0x0a, start);
      nl = nl < 0 || nl >= end ? end : nl + 1;
      const line = bytes.subarray(start, nl);
      try {
        out.push(this.strict.decode(line));
      } catch {
        out.push(this.cp1252.decode(line));
        if (this.fallbackLines++ === 0) {
          this.warnings.push(
            `The file mixes text encodings: from byte ${base + start} on, lines that are not valid UTF-8 were read as Windows-1252. Check accented characters, and re-save the file as "CSV UTF-8" if they look wrong.`,
          );
        }
      }
      start = nl;
    }
    return out.join('');
  }

  /** Flushes the decoder at the end of the file. */
  end(): string {
    return this.push(new Uint8Array(0), true);
  }
}

// Windows-1252's 0x80–0x9F (€, smart quotes, dashes...). Browsers decode them, but some Node
// builds treat the "windows-1252" label as ISO-8859-1 and return C1 control characters instead.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

class Cp1252Decoder {
  private readonly inner = new TextDecoder('windows-1252');
  decode(b: Uint8Array, options?: TextDecodeOptions): string {
    const s = this.inner.decode(b, options);
    return /[\u0080-\u009f]/.test(s)
      ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!)
      : s;
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---- gzip with a cap (decompression bombs) ----

const MB = 1024 * 1024;
/** Cap on what a compressed file may expand to when the device's memory is unknown. */
export const DEFAULT_INFLATE_CAP = 256 * MB;

/**
 * How far a compressed file may expand on this device: 64 MB per GB of memory
 * (`navigator.deviceMemory`, which browsers report as 0.25–8), between 128 MB and 512 MB; 256 MB
 * where the browser does not say. A bundle is parsed whole (its text and objects take several
 * times its size), and a phone's tab is killed well before a desktop's.
 */
export function inflateCap(deviceMemory?: number): number {
  const gb =
    deviceMemory ??
    (globalThis as { navigator?: { deviceMemory?: unknown } }).navigator?.deviceMemory;
  if (typeof gb !== 'number' || !Number.isFinite(gb) || gb <= 0) return DEFAULT_INFLATE_CAP;
  return Math.min(512 * MB, Math.max(128 * MB, Math.round(gb * 64) * MB));
}

/** "256 MB" for a cap. */
export function capText(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`;
}

// Input is fed to the decompressor in slices this big: deflate expands at most ~1032:1, so one
// slice yields at most ~16 MB before the cap is checked again.
const SLICE = 16 * 1024;

export interface GunzipOptions {
  /** Most bytes the output may have (default: `inflateCap()`). */
  cap?: number;
  /** The file's name, for the message. */
  fileName?: string;
  /** The error to raise at the cap (default: an IngestError "… expands to more than …"). */
  onLimit?: (cap: number) => Error;
}

/**
 * Gunzips a byte stream, refusing to expand past a cap: the decompressor is fed a slice at a time,
 * only as fast as its output is read, and reading stops (input cancelled) as soon as the output
 * passes the cap — a 4 MB file of 4 GB of spaces is refused after the first few hundred MB, not
 * inflated first.
 */
export function gunzipCapped(
  input: ReadableStream<Uint8Array>,
  opts: GunzipOptions = {},
): ReadableStream<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new IngestError(
      'gzip',
      'This file is gzip-compressed and this browser cannot decompress it. Decompress it first.',
    );
  }
  const cap = opts.cap ?? inflateCap();
  const limit =
    opts.onLimit ??
    ((c: number) =>
      new IngestError(
        'too-large',
        `${opts.fileName ?? 'This file'} is compressed and expands to more than ${capText(c)}, more than this device can safely read. Decompress it and import the export itself, or export a shorter date range.`,
      ));
  const ds = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
  const writer = ds.writable.getWriter();
  const out = ds.readable.getReader();
  const src = input.getReader();
  let stopped = false;
  const stop = (reason?: unknown) => {
    stopped = true;
    void out.cancel(reason).catch(() => undefined);
    void src.cancel(reason).catch(() => undefined);
  };
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await src.read();
        if (done) break;
        for (let at = 0; at < value.length; at += SLICE) {
          if (stopped) return;
          // Resolves once the decompressor took the slice, which it does only when read.
          await writer.write(value.subarray(at, at + SLICE));
        }
      }
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
    }
  })();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await out.read();
        } catch (e) {
          stop(e);
          ctl.error(e);
          return;
        }
        if (r.done) {
          ctl.close();
          return;
        }
        total += r.value.byteLength;
        if (total > cap) {
          const err = limit(cap);
          stop(err);
          ctl.error(err);
          return;
        }
        ctl.enqueue(r.value);
      },
      cancel(reason) {
        stop(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
