/** Date ranges in the store's calendar ("YYYY-MM-DD" days; no timezone maths needed here). */
import type { Route } from './route.ts';

export interface DayRange {
  start: string;
  end: string;
}

function toDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
export function addDays(day: string, n: number): string {
  const d = parseDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return toDay(d);
}

export const presets = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'Month to date' },
  { id: 'qtd', label: 'Quarter to date' },
  { id: 'ytd', label: 'Year to date' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'all', label: 'All time' },
] as const;

/** A preset range ending on the store's last day with data. */
export function presetRange(
  id: string,
  meta: { firstDay: string | null; lastDay: string | null },
): DayRange | null {
  const end = meta.lastDay;
  if (!end) return null;
  const d = parseDay(end);
  switch (id) {
    case '7d':
      return { start: addDays(end, -6), end };
    case '30d':
      return { start: addDays(end, -29), end };
    case '90d':
      return { start: addDays(end, -89), end };
    case 'mtd':
      return { start: `${end.slice(0, 7)}-01`, end };
    case 'qtd': {
      const q = Math.floor(d.getUTCMonth() / 3) * 3 + 1;
      return { start: `${end.slice(0, 4)}-${String(q).padStart(2, '0')}-01`, end };
    }
    case 'ytd':
      return { start: `${end.slice(0, 4)}-01-01`, end };
    case '12m':
      return { start: addDays(end, -364), end };
    case 'all':
      return { start: meta.firstDay ?? end, end };
    default:
      return null;
  }
}

/** The route's range, or the last 30 days of data when the URL has none. */
export function effectiveRange(
  route: Route,
  meta: { firstDay: string | null; lastDay: string | null },
): DayRange {
  const fallback = presetRange('30d', meta) ?? { start: toDay(new Date()), end: toDay(new Date()) };
  const start = route.from ?? fallback.start;
  const end = route.to ?? fallback.end;
  return start <= end ? { start, end } : { start: end, end: start };
}

/** Days in a range, inclusive. */
export function daysIn(r: DayRange): number {
  return Math.round((parseDay(r.end).getTime() - parseDay(r.start).getTime()) / 86_400_000) + 1;
}
