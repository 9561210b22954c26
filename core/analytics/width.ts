/**
 * Derived per-order arrays at the width their values need, as the store holds its columns
 * (core/db/columnar.ts): amounts in whole cents as Int32Array when every value fits, counts and
 * codes in the narrowest signed integer type.
 */
import type { IntCol, NumCol } from './types.ts';

/** The values as whole cents in an Int32Array when every one is an int32 (not −0), else as they are. */
export function wholeCents(a: Float64Array): NumCol {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v !== (v | 0) || (v === 0 && 1 / v < 0)) return a;
  }
  return Int32Array.from(a);
}

/** The integers in the narrowest signed type their range fits (Int8, Int16 or as they are). */
export function narrowInts(a: Int32Array): IntCol {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  if (lo >= -0x80 && hi < 0x80) return Int8Array.from(a);
  if (lo >= -0x8000 && hi < 0x8000) return Int16Array.from(a);
  return a;
}
