// Words around a tracked product's history: which currency its chart is in, and when (and under
// which condition) the next re-check runs.

/** "Canadian dollar (CAD)": the axis caption, so "$" never leaves the currency open. */
export function currencyCaption(currency: string | null, locale?: string): string {
  if (!currency) return 'Prices in an unknown currency (the shop did not say)';
  let name = currency;
  try {
    name = new Intl.DisplayNames(locale, { type: 'currency' }).of(currency) ?? currency;
  } catch {
    // Not an ISO code Intl knows: the code alone.
  }
  return name === currency ? `Prices in ${currency}` : `Prices in ${name} (${currency})`;
}

/** When the next re-check is due, and that checks only run while the browser does. */
export function nextCheckText(
  nextDueAt: number | null | undefined,
  opts: { paused: boolean; permitted: boolean; now: number },
): string {
  const only = 'Checks run only while the browser is open';
  if (opts.paused) return `Re-checks are paused. ${only}.`;
  if (!opts.permitted) return `Not re-checked until you allow access to the shop. ${only}.`;
  if (nextDueAt == null) return `${only}.`;
  if (nextDueAt <= opts.now)
    return `${only}: the next check is due now and runs within 15 minutes while the browser is open.`;
  const when = new Date(nextDueAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return `${only}: next check due ${when}.`;
}
