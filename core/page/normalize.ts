import type { Availability } from './types.ts';

const AVAILABILITY: [RegExp, Availability][] = [
  [
    /^(?:https?:\/\/schema\.org\/)?instock$|^in[ _-]?stock$|^available$|^en stock$|^auf lager$|^op voorraad$|^i lager$|^disponible$|^dostępny$/i,
    'InStock',
  ],
  [
    /^(?:https?:\/\/schema\.org\/)?outofstock$|^out[ _-]?of[ _-]?stock$|^unavailable$|^oos$|^nicht (?:auf lager|verfügbar)$|^épuisé$|^agotado$|^slutsåld$|^ausverkauft$/i,
    'OutOfStock',
  ],
  [/^(?:https?:\/\/schema\.org\/)?soldout$|^sold[ _-]?out$/i, 'SoldOut'],
  [
    /^(?:https?:\/\/schema\.org\/)?backorder$|^on[ _-]?backorder$|^back[ _-]?order(?:ed)?$/i,
    'BackOrder',
  ],
  [/^(?:https?:\/\/schema\.org\/)?preorder$|^pre[ _-]?order$/i, 'PreOrder'],
  [/^(?:https?:\/\/schema\.org\/)?presale$|^pre[ _-]?sale$/i, 'PreSale'],
  [
    /^(?:https?:\/\/schema\.org\/)?limitedavailability$|^last_remaining_items$|^limited$/i,
    'LimitedAvailability',
  ],
  [/^(?:https?:\/\/schema\.org\/)?instoreonly$/i, 'InStoreOnly'],
  [/^(?:https?:\/\/schema\.org\/)?onlineonly$/i, 'OnlineOnly'],
  [/^(?:https?:\/\/schema\.org\/)?discontinued$/i, 'Discontinued'],
];

/** Schema.org availability names Google accepts (merchant listings). */
export const GOOGLE_AVAILABILITY = new Set<Availability>([
  'BackOrder',
  'Discontinued',
  'InStock',
  'InStoreOnly',
  'LimitedAvailability',
  'OnlineOnly',
  'OutOfStock',
  'PreOrder',
  'PreSale',
  'SoldOut',
]);

/** Maps an availability as written (URL, short name, platform word) to the schema.org name. */
export function toAvailability(raw: string | boolean | undefined | null): Availability | undefined {
  if (typeof raw === 'boolean') return raw ? 'InStock' : 'OutOfStock';
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().replace(/^schema:/i, '');
  if (!s) return undefined;
  for (const [re, value] of AVAILABILITY) if (re.test(s)) return value;
  return undefined;
}

/** Reads the shopper-visible stock wording ("Sold out", "Only 3 left", "In stock"). */
export function availabilityFromText(text: string): Availability | undefined {
  const t = text.toLowerCase();
  if (
    /sold ?out|out of stock|unavailable|ausverkauft|nicht (?:auf lager|verfügbar)|épuisé|rupture de stock|agotado|esaurito|slutsåld|utsolgt|udsolgt|niedostępny|uitverkocht/.test(
      t,
    )
  ) {
    return 'OutOfStock';
  }
  if (/pre-?order|vorbestell|précommande|reservar/.test(t)) return 'PreOrder';
  if (/back-?order|nachbestell/.test(t)) return 'BackOrder';
  if (
    /only \d+ left|nur noch \d+|nur noch wenige|plus que \d+|derniers articles|last items|low stock|few left|últimas unidades|ultimi pezzi/.test(
      t,
    )
  )
    return 'LimitedAvailability';
  if (
    /in stock|add to (?:cart|bag|basket)|auf lager|lieferbar|en stock|disponible|op voorraad|i lager|på lager|dostępny|in den warenkorb|ajouter au panier|añadir al carrito|buy now/.test(
      t,
    )
  ) {
    return 'InStock';
  }
  return undefined;
}

/** True when a GTIN-8/12/13/14 has a correct GS1 check digit. */
export function isValidGtin(gtin: string): boolean {
  if (typeof gtin !== 'string') return false;
  const digits = gtin.trim();
  if (!/^(?:\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) return false;
  let sum = 0;
  // Weights alternate 3,1,3… from the digit left of the check digit.
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) {
    sum += Number(digits[i]) * w;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === Number(digits[digits.length - 1]);
}

/** A string usable as a GTIN (digits only, GTIN lengths), else undefined. */
export function asGtin(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const d = raw.replace(/[\s-]/g, '');
  return /^(?:\d{8}|\d{12}|\d{13}|\d{14})$/.test(d) ? d : undefined;
}

/** Upper-cased ISO-looking currency code, else undefined. */
export function asCurrency(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const c = raw.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(c) ? c : undefined;
}

/** Absolute http(s) URL string for a page-relative or protocol-relative reference. */
export function absoluteUrl(raw: string | undefined, base: URL | null): string | undefined {
  if (!raw) return undefined;
  try {
    const u = base ? new URL(raw, base) : new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The `variant` query parameter of a URL (Shopify's selected-variant convention). */
export function variantParam(raw: string | undefined, base: URL | null): string | undefined {
  if (!raw) return undefined;
  try {
    const u = base ? new URL(raw, base) : new URL(raw);
    return u.searchParams.get('variant') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Lower-cased, whitespace-collapsed text for comparisons. */
export function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}
