/**
 * One set of formatters for both apps: numbers, money, percentages and dates in the user's
 * locale (Intl). Money arrives in minor units; the currency's own digits (JPY 0, USD 2, KWD 3)
 * decide the scale.
 */

import { currencyDigits } from '../schema/money.ts';

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    cache.set(key, f);
  }
  return f;
}

export { currencyDigits };

const dates = new Map<string, Intl.DateTimeFormat>();
/**
 * A date formatter, made once per locale and options: each toLocaleDateString call builds one
 * anew (about a millisecond each), and the Overview's first paint formats dozens of dates
 * (the report's month picker alone lists every month of data).
 */
export function dateFormat(
  locale: string | undefined,
  opts: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    dates.set(key, f);
  }
  return f;
}

/** Minor units → major units (1234 USD cents → 12.34). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

/** Money from minor units, e.g. "$1,234.56"; `compact` gives "$1.2K". */
export function formatMoney(
  minor: number | null | undefined,
  currency: string,
  opts: { locale?: string; compact?: boolean; signed?: boolean } = {},
): string {
  if (minor == null || Number.isNaN(minor)) return '—';
  const major = toMajor(minor, currency);
  return nf(opts.locale, {
    style: 'currency',
    currency,
    ...(opts.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    ...(opts.signed ? { signDisplay: 'exceptZero' } : {}),
  }).format(major);
}

/** A plain number, e.g. "12,345" or "12.3K" compact. */
export function formatNumber(
  value: number | null | undefined,
  opts: { locale?: string; compact?: boolean; digits?: number } = {},
): string {
  if (value == null || Number.isNaN(value)) return '—';
  return nf(opts.locale, {
    maximumFractionDigits:
      opts.digits ?? (Math.abs(value) < 10 && !Number.isInteger(value) ? 2 : 0),
    ...(opts.compact ? { notation: 'compact' } : {}),
  }).format(value);
}

/** A ratio as a percentage: 0.1234 → "12.3%". */
export function formatPercent(
  ratio: number | null | undefined,
  opts: { locale?: string; digits?: number; signed?: boolean } = {},
): string {
  if (ratio == null || Number.isNaN(ratio) || !Number.isFinite(ratio)) return '—';
  const digits = opts.digits ?? 1;
  return nf(opts.locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    ...(opts.signed ? { signDisplay: 'exceptZero' } : {}),
  }).format(ratio);
}

/** A period-over-period change: "+12.3%", "new" when the previous value was 0, "—" without one. */
export function formatChange(change: number | 'new' | null | undefined, locale?: string): string {
  if (change === 'new') return 'new';
  return formatPercent(change, { locale, signed: true });
}

/** A calendar day "YYYY-MM-DD" for display ("Nov 25, 2026"), without timezone shifts. */
export function formatDay(day: string, opts: { locale?: string; short?: boolean } = {}): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateFormat(opts.locale, {
    timeZone: 'UTC',
    ...(!opts.short && { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
  }).format(Date.UTC(y, m - 1, d));
}

/** A UTC timestamp in the user's locale, e.g. "Nov 25, 2026, 14:03". */
export function formatDateTime(
  ms: number | null | undefined,
  locale?: string,
  timeZone?: string,
): string {
  if (ms == null || Number.isNaN(ms)) return '—';
  return dateFormat(locale, {
    ...(timeZone !== undefined && { timeZone }),
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

let zoneList: string[] | null = null;

/** The IANA timezones this browser knows (for the store timezone pickers). */
export function timeZones(): string[] {
  if (!zoneList) {
    try {
      zoneList = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(
        'timeZone',
      );
    } catch {
      zoneList = ['UTC'];
    }
  }
  return zoneList;
}

/**
 * An amount typed by the user ("$12,345.67", "12.345,67 €", "1 234,5"), in major units; NaN when
 * it is not a number. The locale's decimal separator decides a lone "," or "."; with both, the
 * last one is the decimal separator.
 */
export function parseUserAmount(text: string, locale?: string): number {
  const decimal = nf(locale, {}).format(1.5).replace(/\d/g, '') || '.';
  let s = text.replace(/[\s\u00a0\u202f']/g, '').replace(/[^\d.,\-−]/g, '');
  s = s.replace('−', '-');
  if (!/\d/.test(s)) return NaN;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  // Both: the last is the decimal separator. One: decimal if it is the locale's, else grouping.
  const dec =
    lastDot >= 0 && lastComma >= 0
      ? lastDot > lastComma
        ? '.'
        : ','
      : lastDot >= 0 || lastComma >= 0
        ? (lastDot >= 0 ? '.' : ',') === decimal
          ? decimal
          : null
        : null;
  const at = dec === null ? -1 : s.lastIndexOf(dec);
  const clean =
    at < 0 ? s.replace(/[.,]/g, '') : `${s.slice(0, at).replace(/[.,]/g, '')}.${s.slice(at + 1)}`;
  return /^-?\d*\.?\d+$/.test(clean) ? Number(clean) : NaN;
}
