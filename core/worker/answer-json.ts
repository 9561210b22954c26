/**
 * An answer as JSON with its typed arrays as plain arrays and NaN spelled out, so two answers
 * (an Overview served from a startup entry or a day summary, and the loaded data's) compare
 * element by element, NaN equal to NaN.
 */
export function answerJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    ArrayBuffer.isView(x)
      ? Array.from(x as Float64Array, (n) => (n === n ? n : 'NaN'))
      : typeof x === 'number' && x !== x
        ? 'NaN'
        : x,
  );
}
