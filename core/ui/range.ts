/**
 * Y ranges of charts, pure (no uPlot) so they are tested in Node. A bar's length is its value, so
 * bars start at zero; a line that barely moves (a conversion rate of 1.98–2.04%) is not stretched
 * over the whole plot height, or noise looks like a trend.
 */

/** The smallest share of a line's magnitude the y range spans (25%: ±12.5% around its middle). */
export const MIN_LINE_SPAN = 0.25;

/** A round step near `span / 10` (1, 2 or 5 × a power of ten). */
function niceStep(span: number): number {
  const raw = span / 10;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Widens [min, max] outward to whole steps. */
function rounded(lo: number, hi: number): [number, number] {
  if (!(hi > lo)) return [lo, hi];
  const step = niceStep(hi - lo);
  // Float noise (0.1 + 0.2) must not push a bound past a step it sits on.
  const down = Math.floor(lo / step + 1e-9) * step;
  const up = Math.ceil(hi / step - 1e-9) * step;
  return [Number(down.toPrecision(12)), Number(up.toPrecision(12))];
}

/** The y range of a bar chart: the data's, widened to include zero, on round numbers. */
export function barsYRange(min: number, max: number): [number, number] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (lo === hi) return [0, 1];
  return rounded(lo, hi);
}

/**
 * The y range of a line chart: the data's, spanning at least `MIN_LINE_SPAN` of the values'
 * magnitude around their middle (so never below zero for data that is not), on round numbers.
 */
export function lineYRange(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const mag = Math.max(Math.abs(min), Math.abs(max));
  if (mag === 0) return [0, 1];
  let lo = min;
  let hi = max;
  const need = mag * MIN_LINE_SPAN;
  if (hi - lo < need) {
    const mid = (lo + hi) / 2;
    lo = mid - need / 2;
    hi = mid + need / 2;
  }
  return rounded(lo, hi);
}
