// The 7- and 30-day change columns of the Competitors table, always filled: the change against the
// last price seen at or before the window's start; for a product tracked for less time than that,
// the change since its first check, saying how long that is; and why there is no figure otherwise.

/** The checks of one product, oldest first: UTC seconds and minor units (NaN: failed or no price). */
export interface ChangeInput {
  x: ArrayLike<number>;
  price: ArrayLike<number>;
}

export interface ChangeCell {
  /** What the cell shows, e.g. "+3.2%", "−8.0% in 4 d", "no change". */
  text: string;
  /** The percent change when there is one (for the up/down colour). */
  percent: number | null;
  /** The sentence behind the figure, for the cell's title. */
  title: string;
}

const DAY_MS = 86_400_000;

const pct = (v: number) => {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? '0%' : `${r > 0 ? '+' : '−'}${Math.abs(r).toLocaleString()}%`;
};

/** The change over the last `days` days as of `now` (ms). */
export function changeCell(s: ChangeInput, days: number, now: number): ChangeCell {
  const ok: number[] = [];
  for (let i = 0; i < s.x.length; i++) if (!Number.isNaN(s.price[i]!)) ok.push(i);
  if (ok.length === 0) return { text: '—', percent: null, title: 'No check has read a price yet.' };
  const last = ok[ok.length - 1]!;
  if (ok.length === 1)
    return {
      text: '—',
      percent: null,
      title: 'One price read so far: the change shows after the next check.',
    };
  const start = (now - days * DAY_MS) / 1000;
  let base = -1;
  for (const i of ok) if (s.x[i]! <= start) base = i;
  const lastAt = s.x[last]!;
  if (lastAt <= start)
    return {
      text: 'no check',
      percent: null,
      title: `No price was read in the last ${days} days.`,
    };
  let partialDays: number | null = null;
  if (base < 0) {
    // Tracked for less than the window: since the first price read.
    base = ok[0]!;
    partialDays = Math.round((lastAt - s.x[base]!) / 86_400);
  }
  const then = s.price[base]!;
  const nowPrice = s.price[last]!;
  if (then <= 0) return { text: '—', percent: null, title: 'The earlier price was zero.' };
  const change = ((nowPrice - then) / then) * 100;
  if (partialDays === 0) {
    return {
      text: change === 0 ? 'no change' : `${pct(change)} since first check`,
      percent: change,
      title: `Tracked for less than a day: change since the first check.`,
    };
  }
  if (partialDays !== null) {
    return {
      text: change === 0 ? `no change in ${partialDays} d` : `${pct(change)} in ${partialDays} d`,
      percent: change,
      title: `Tracked for less than ${days} days: change since the first check, ${partialDays} day${partialDays === 1 ? '' : 's'} ago.`,
    };
  }
  return {
    text: change === 0 ? 'no change' : pct(change),
    percent: change,
    title: `Change against the price of ${days} days ago.`,
  };
}
