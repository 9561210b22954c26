// How a change is said to the manager, in notifications and in the recent-changes list.
import { toMajorUnits } from '../../../core/tracking/index.ts';
import type { ChangeEntry } from './types.ts';

function money(minor: number | null, currency: string | null): string {
  if (minor == null) return '—';
  if (!currency) return String(minor);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
      toMajorUnits(minor, currency),
    );
  } catch {
    return `${toMajorUnits(minor, currency)} ${currency}`;
  }
}

/** Short headline, e.g. "Price down 23% · Trail Runner GTX". */
export function changeTitle(c: ChangeEntry): string {
  const name = c.name.length > 60 ? `${c.name.slice(0, 59)}…` : c.name;
  const pct = c.percent == null ? '' : ` ${Math.abs(Math.round(c.percent * 10) / 10)}%`;
  switch (c.kind) {
    case 'price-down':
      return `Price down${pct} · ${name}`;
    case 'price-up':
      return `Price up${pct} · ${name}`;
    case 'out-of-stock':
      return `Out of stock · ${name}`;
    case 'back-in-stock':
      return `Back in stock · ${name}`;
    case 'currency-changed':
      return `Currency changed · ${name}`;
    case 'price-appeared':
      return `Price shown again · ${name}`;
    case 'price-gone':
      return `No price shown · ${name}`;
  }
}

/** One sentence with the amounts, e.g. "$129.00 → $99.00". */
export function changeText(c: ChangeEntry): string {
  if (c.kind === 'out-of-stock') return 'The competitor no longer has it in stock.';
  if (c.kind === 'back-in-stock') return 'The competitor has it in stock again.';
  return `${money(c.from, c.currency)} → ${money(c.to, c.currency)}`;
}

export { money as formatMinor };

const availabilityWords: Record<string, string> = {
  InStock: 'In stock',
  OutOfStock: 'Out of stock',
  SoldOut: 'Sold out',
  BackOrder: 'Back order',
  PreOrder: 'Pre-order',
  PreSale: 'Pre-sale',
  LimitedAvailability: 'Limited stock',
  InStoreOnly: 'In store only',
  OnlineOnly: 'Online only',
  Discontinued: 'Discontinued',
  Unknown: 'Unknown',
};

/** schema.org availability in the manager's words ("InStock" → "In stock"). */
export function availabilityText(value: string): string {
  return availabilityWords[value] ?? value;
}
