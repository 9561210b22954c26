/**
 * The store currency a file itself shows: its currency column, or the symbols and codes written
 * with its amounts. A bare "$" is told apart by the store timezone ("$" in Australia/Sydney is
 * AUD); without a hint it is not guessed. Nothing here assumes a currency.
 */
import type { Context } from './formats/context.ts';

const SYMBOLS: Record<string, string> = {
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₺': 'TRY',
  '₽': 'RUB',
  '₪': 'ILS',
  '₫': 'VND',
  '₱': 'PHP',
  zł: 'PLN',
  R$: 'BRL',
  A$: 'AUD',
  AU$: 'AUD',
  C$: 'CAD',
  CA$: 'CAD',
  NZ$: 'NZD',
  US$: 'USD',
  HK$: 'HKD',
  S$: 'SGD',
  MX$: 'MXN',
  Fr: 'CHF',
  CHF: 'CHF',
};

/** Which dollar a bare "$" is, by the store timezone's region. */
function dollarOf(timezone: string | undefined): string | null {
  if (!timezone) return null;
  if (timezone.startsWith('Australia/')) return 'AUD';
  if (timezone === 'Pacific/Auckland' || timezone === 'Pacific/Chatham') return 'NZD';
  if (timezone === 'Asia/Singapore') return 'SGD';
  if (timezone === 'Asia/Hong_Kong') return 'HKD';
  if (
    /^America\/(Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Montreal|Moncton)$/.test(
      timezone,
    )
  )
    return 'CAD';
  if (timezone === 'America/Mexico_City') return 'MXN';
  if (
    /^America\/(New_York|Chicago|Denver|Phoenix|Los_Angeles|Anchorage|Detroit|Boise)$/.test(
      timezone,
    ) ||
    timezone === 'Pacific/Honolulu'
  )
    return 'USD';
  return null;
}

function mostCommon(m: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of m) if (v > n) [best, n] = [k, v];
  return best;
}

/** The currency the file shows and where it shows it, or null when it says nothing. */
export function currencyGuess(
  ctx: Context,
  timezone: string | undefined,
): { currency: string; from: string } | null {
  const col = mostCommon(ctx.currenciesSeen);
  if (col && /^[A-Z]{3}$/.test(col)) {
    const i = ctx.norm.findIndex((h) => /currency/.test(h));
    return { currency: col, from: `its '${ctx.header[i] ?? 'Currency'}' column` };
  }
  const sym = mostCommon(ctx.symbolsSeen);
  if (!sym) return null;
  const code = /^[A-Z]{3}$/.test(sym)
    ? sym
    : (SYMBOLS[sym] ?? (sym === '$' ? dollarOf(timezone) : null));
  if (!code) return null;
  return {
    currency: code,
    from:
      sym === '$'
        ? `the '$' written with its amounts, in a store on ${timezone} time`
        : `the '${sym}' written with its amounts`,
  };
}
