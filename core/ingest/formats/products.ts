import type { Product } from '../../schema/store.ts';
import { clip, str, wholeNumber, type Context, type Sink } from './context.ts';

/** Stock on hand per SKU, as an inventory export gives it (no prices). */
export interface StockLevel {
  sku: string;
  handle: string;
  title: string;
  onHand: number;
  /** On hand per location, when the file names them; `onHand` is their sum. */
  locations?: { name: string; onHand: number }[];
}

function storeCurrency(ctx: Context): string {
  const cur = (ctx.options.reportingCurrency ?? '').toUpperCase();
  if (/^[A-Z]{3}$/.test(cur)) return cur;
  ctx.warnings.push(
    'The file has no currency column and no store currency was given: prices were read as USD.',
  );
  return 'USD';
}

function barcodeOf(ctx: Context, f: string[], col: number, row: number): string {
  const s = str(f, col);
  if (/\d[.,]\d+e\+?\d+/i.test(s)) {
    ctx.error(
      row,
      col,
      `'${ctx.name(col)}' was turned into a number by a spreadsheet (got '${clip(s)}'), so the barcode is lost. Re-export without opening the file in Excel; the product was imported without a barcode.`,
    );
    return '';
  }
  return s.replace(/\D/g, '');
}

function signedInt(ctx: Context, f: string[], col: number, row: number): number | null {
  return wholeNumber(ctx, f, col, row);
}

/**
 * The columns of Shopify's products export, per header generation: the classic one ("Handle",
 * "Variant Price", "Variant Inventory Qty", ...) and the 2024+ one ("URL handle", "Price",
 * "Inventory quantity", ...). Names are compared loosely (case, spaces).
 */
export const SHOPIFY_PRODUCT_COLUMNS = {
  handle: ['Handle', 'URL handle'],
  title: ['Title'],
  vendor: ['Vendor'],
  type: ['Type'],
  category: ['Product category'],
  o1: ['Option1 Value'],
  o2: ['Option2 Value'],
  o3: ['Option3 Value'],
  sku: ['Variant SKU', 'SKU'],
  qty: ['Variant Inventory Qty', 'Inventory quantity'],
  price: ['Variant Price', 'Price'],
  compareAt: ['Variant Compare At Price', 'Compare-at price'],
  barcode: ['Variant Barcode', 'Barcode'],
  cost: ['Cost per item'],
  image: ['Image Src', 'Product image URL'],
  /** Always grams ("Variant Weight Unit" / "Weight unit for display" is only how admin shows it). */
  grams: ['Variant Grams', 'Weight value (grams)'],
} as const;

/** Grams per unit of WooCommerce's weight columns ("Weight (kg)", "Gewicht (kg)", "Peso (lbs)"). */
const WOO_WEIGHT_UNITS: Record<string, number> = {
  kg: 1000,
  g: 1,
  lbs: 453.59237,
  lb: 453.59237,
  oz: 28.349523125,
};
const WOO_WEIGHT = /^(weight|peso|gewicht|poids) \((kg|g|lbs|lb|oz)\)$/;

/**
 * A weight cell in grams: '' is unknown (null); "0.5", ".5" or "0,5" times `gramsPer`. Anything
 * else is a row error naming the column, and the product is kept without a weight.
 */
function weightOf(ctx: Context, f: string[], col: number, row: number, gramsPer: number) {
  const s = str(f, col);
  if (s === '') return null;
  const n = Number(/^\d*,\d+$/.test(s) ? s.replace(',', '.') : s);
  if (!Number.isFinite(n) || n < 0 || n > 1e6) {
    ctx.error(
      row,
      col,
      `'${ctx.name(col)}' is not a weight (got '${clip(s)}'): the product was stored without one, so its orders fall back to the shipping cost per country or per order. Write a number such as 0.5.`,
    );
    return null;
  }
  return n * gramsPer;
}

/** `https://shop.example/products/<handle>` when the shop's address is known, else "". */
function productUrl(storeUrl: string | undefined, handle: string): string {
  if (!storeUrl || handle === '') return '';
  let origin: string;
  try {
    const u = new URL(storeUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return '';
    origin = u.origin;
  } catch {
    return '';
  }
  return `${origin}/products/${encodeURIComponent(handle)}`;
}

/**
 * Shopify's products export (classic or 2024+ header): the product's fields on its first row, one
 * row per variant after it (same handle, blank title, vendor and type: they come from the first
 * row), and image-only rows that carry no variant (listed as skipped). One record per variant.
 * The image column is never the product's URL: that is built from the handle and the shop's
 * address when known (`storeUrl`), else left empty.
 */
export function shopifyProductsSink(ctx: Context): Sink {
  const K = SHOPIFY_PRODUCT_COLUMNS;
  const c = {
    handle: ctx.col(...K.handle),
    title: ctx.col(...K.title),
    vendor: ctx.col(...K.vendor),
    type: ctx.col(...K.type),
    category: ctx.col(...K.category),
    o1: ctx.col(...K.o1),
    o2: ctx.col(...K.o2),
    o3: ctx.col(...K.o3),
    sku: ctx.col(...K.sku),
    qty: ctx.col(...K.qty),
    price: ctx.col(...K.price),
    compareAt: ctx.col(...K.compareAt),
    barcode: ctx.col(...K.barcode),
    cost: ctx.col(...K.cost),
    image: ctx.col(...K.image),
    grams: ctx.col(...K.grams),
  };
  const handleName = ctx.name(c.handle) || 'Handle';
  const priceName = ctx.name(c.price) || 'Variant Price';
  const currency = storeCurrency(ctx);
  const digits = ctx.digits(currency);
  const products: Product[] = [];
  let handle = '';
  let title = '';
  let vendor = '';
  let type = '';
  let synthesized = 0;
  return {
    want: ctx.wantOf(Object.values(c)),
    row(f, row) {
      const h = str(f, c.handle);
      if (h === '') {
        ctx.error(
          row,
          c.handle,
          `'${handleName}' is empty. Every row of a Shopify product export belongs to a product handle.`,
        );
        ctx.rejected++;
        return;
      }
      if (h !== handle) {
        handle = h;
        title = str(f, c.title);
        vendor = str(f, c.vendor);
        type = str(f, c.type) || (str(f, c.category).split('>').pop()?.trim() ?? '');
      }
      const skuRaw = str(f, c.sku);
      const priceRaw = str(f, c.price);
      if (skuRaw === '' && priceRaw === '') {
        ctx.skip(
          row,
          c.price,
          `An image-only row of '${clip(handle)}': no SKU and no price, so it is no variant (Shopify adds a product picture with it). Nothing to fix.`,
        );
        return;
      }
      const errorsBefore = ctx.errors.length;
      const options = [str(f, c.o1), str(f, c.o2), str(f, c.o3)].filter(
        (v) => v !== '' && v !== 'Default Title',
      );
      let sku = skuRaw;
      if (sku === '') {
        // Shopify allows variants without SKU; key them by handle and options so stock still imports.
        sku = [handle, ...options].join('/');
        synthesized++;
      }
      if (priceRaw === '')
        ctx.error(row, c.price, `'${priceName}' is empty. Each variant needs a price.`);
      const price = ctx.money(f, c.price, row, digits, NaN);
      const compareAt = ctx.money(f, c.compareAt, row, digits, NaN);
      const cost = ctx.money(f, c.cost, row, digits, NaN);
      const onHand = signedInt(ctx, f, c.qty, row);
      if (ctx.errors.length > errorsBefore && (Number.isNaN(price) || Number.isNaN(onHand ?? 0))) {
        ctx.rejected++;
        return;
      }
      const weight = weightOf(ctx, f, c.grams, row, 1);
      products.push({
        sku,
        productId: '',
        variantId: '',
        handle,
        title,
        variantTitle: options.join(' / '),
        vendor,
        productType: type,
        currency,
        price,
        compareAtPrice: Number.isNaN(compareAt) ? null : compareAt,
        cost: Number.isNaN(cost) ? null : cost,
        weight,
        barcode: barcodeOf(ctx, f, c.barcode, row),
        onHand,
        onOrder: 0,
        leadTimeDays: null,
        leadTimeSdDays: null,
        moq: null,
        url: productUrl(ctx.options.storeUrl, handle),
        updatedAt: 0,
      });
    },
    finish() {
      if (synthesized > 0) {
        ctx.warnings.push(
          `${synthesized} variants have no SKU; they were keyed by handle and options (like 'tee/Red/M'). Orders match products by SKU, so give them SKUs in Shopify for sales per product.`,
        );
      }
      return { products };
    },
  };
}

/**
 * Shopify's inventory export: either one row per SKU and location with "On hand (current)" /
 * "Available (not editable)" (current format), or one column per location after "COO" (older
 * format). On hand is summed over locations, and each location's figure is kept by its name.
 */
export function shopifyInventorySink(ctx: Context): Sink {
  const c = {
    handle: ctx.col('Handle'),
    title: ctx.col('Title'),
    sku: ctx.col('SKU'),
    onHand: ctx.col('On hand (current)', 'On hand'),
    available: ctx.col('Available (not editable)', 'Available'),
    location: ctx.col('Location'),
  };
  let qtyCols: number[];
  /** The older format's columns are its locations, named by their header. */
  let perColumn = false;
  if (c.onHand >= 0) qtyCols = [c.onHand];
  else if (c.available >= 0) qtyCols = [c.available];
  else {
    const coo = ctx.col('COO');
    qtyCols = [];
    for (let i = Math.max(coo, c.sku) + 1; i < ctx.header.length; i++) qtyCols.push(i);
    perColumn = true;
  }
  const bySku = new Map<string, StockLevel>();
  return {
    want: ctx.wantOf([c.handle, c.title, c.sku, c.location, ...qtyCols].filter((i) => i >= 0)),
    row(f, row) {
      const sku = str(f, c.sku);
      if (sku === '') {
        ctx.error(
          row,
          c.sku,
          `'SKU' is empty. Stock is matched to products by SKU; give the variant a SKU in Shopify.`,
        );
        ctx.rejected++;
        return;
      }
      let total = 0;
      const here: { name: string; onHand: number }[] = [];
      const rowLocation = c.location >= 0 ? str(f, c.location) : '';
      for (const col of qtyCols) {
        const s = str(f, col);
        // "not stocked" marks a location that does not carry the item.
        if (s === '' || /^not stocked$/i.test(s)) continue;
        const v = wholeNumber(ctx, f, col, row)!;
        if (Number.isNaN(v)) {
          ctx.rejected++;
          return;
        }
        total += v;
        const name = perColumn ? (ctx.header[col] ?? '').trim() : rowLocation;
        if (name !== '') here.push({ name: name.slice(0, 300), onHand: v });
      }
      let level = bySku.get(sku);
      if (level) level.onHand += total;
      else {
        level = { sku, handle: str(f, c.handle), title: str(f, c.title), onHand: total };
        bySku.set(sku, level);
      }
      for (const l of here) {
        level.locations ??= [];
        const same = level.locations.find((x) => x.name === l.name);
        if (same) same.onHand += l.onHand;
        else level.locations.push(l);
      }
    },
    finish() {
      return { stock: [...bySku.values()] };
    },
  };
}

/**
 * The columns of WooCommerce's product CSV exporter, in English and as WooCommerce's own
 * translations write them (the exporter's column names are translated: pt_BR, de_DE, fr_FR and
 * es_ES from translate.wordpress.org's WooCommerce "Stable" files; see
 * tests/fixtures/real/SOURCES.md). Compared loosely (case, spaces; a no-break space is a space).
 */
export const WOO_PRODUCT_COLUMNS = {
  id: ['ID'],
  type: ['Type', 'Tipo', 'Typ'],
  sku: ['SKU', 'Artikelnummer', 'UGS'],
  name: ['Name', 'Nome', 'Nom', 'Nombre'],
  regular: ['Regular price', 'Preço', 'Regulärer Preis', 'Tarif régulier', 'Precio normal'],
  sale: ['Sale price', 'Preço promocional', 'Angebotspreis', 'Tarif promo', 'Precio rebajado'],
  stock: ['Stock', 'Estoque', 'Lager', 'Inventario'],
  parent: ['Parent', 'Ascendente', 'Übergeordnetes Produkt', 'Superior'],
  gtin: ['GTIN, UPC, EAN, or ISBN', 'GTIN', 'GTIN, UPC, EAN, ou ISBN', 'GTIN, UPC, EAN oder ISBN'],
  brand: ['Brands', 'Marcas', 'Marken', 'Marques'],
  categories: ['Categories', 'Categorias', 'Kategorien', 'Catégories', 'Categorías'],
  grouped: [
    'Grouped products',
    'Grupo de produtos',
    'Gruppierte Produkte',
    'Groupes de produits',
    'Productos agrupados',
  ],
} as const;

/** The value columns of a variation's attributes ("Attribute 1 value(s)", "Valores do atributo 1", ...). */
const WOO_ATTRIBUTE_VALUE =
  /^(attribute \d+ value\(s\)|valores do atributo \d+|attribut \d+ wert\(e\)|valeur\(s\) de l[’'] ?attribut \d+|valor\(es\) del atributo \d+)$/;

interface WooRow {
  row: number;
  id: string;
  sku: string;
  name: string;
  types: string[];
  parent: string;
  attributes: string[];
  categories: string;
  brand: string;
  price: number;
  compareAt: number | null;
  stock: number | null;
  barcode: string;
  /** Grams; null when the cell is empty (a variation then takes its parent's). */
  weight: number | null;
}

/** The last level of the first category: "Clothing > Tshirts, Sale" → "Tshirts". */
function firstCategory(s: string): string {
  return s.split(',')[0]?.split('>').pop()?.trim() ?? '';
}

/**
 * WooCommerce's product CSV exporter (any of its translations): one row per product and per
 * variation (Type "variation", Parent "id:123" or the parent's SKU). Simple, external and
 * variation rows are sellable and become records; a variation takes its product's name, category
 * and brand from its parent row, and its attribute values as the variant title. Variable parents
 * and grouped products are not sold themselves: each is listed as skipped with why. Sale price,
 * when set, is the price and Regular price the compare-at.
 */
export function wooProductsSink(ctx: Context): Sink {
  const K = WOO_PRODUCT_COLUMNS;
  const c = {
    id: ctx.col(...K.id),
    type: ctx.col(...K.type),
    sku: ctx.col(...K.sku),
    name: ctx.col(...K.name),
    regular: ctx.col(...K.regular),
    sale: ctx.col(...K.sale),
    stock: ctx.col(...K.stock),
    parent: ctx.col(...K.parent),
    gtin: ctx.col(...K.gtin),
    brand: ctx.col(...K.brand),
    categories: ctx.col(...K.categories),
    grouped: ctx.col(...K.grouped),
  };
  const attrCols: number[] = [];
  let weightCol = -1;
  let gramsPer = 1;
  ctx.norm.forEach((h, i) => {
    if (WOO_ATTRIBUTE_VALUE.test(h)) attrCols.push(i);
    const w = WOO_WEIGHT.exec(h);
    if (w && weightCol < 0) {
      weightCol = i;
      gramsPer = WOO_WEIGHT_UNITS[w[2]!]!;
    }
  });
  const typeName = ctx.name(c.type) || 'Type';
  const priceName = ctx.name(c.regular) || 'Regular price';
  const currency = storeCurrency(ctx);
  const digits = ctx.digits(currency);
  const rows: WooRow[] = [];
  // Variable parents by "id:44" and by SKU, for their variations.
  const parents = new Map<
    string,
    { id: string; name: string; categories: string; brand: string; weight: number | null }
  >();
  const variableRows: { row: number; id: string; sku: string; name: string }[] = [];
  return {
    want: ctx.wantOf([...Object.values(c), ...attrCols, weightCol]),
    row(f, row) {
      const types = str(f, c.type)
        .toLowerCase()
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const id = str(f, c.id);
      const sku = str(f, c.sku);
      const name = str(f, c.name);
      if (types.includes('variable')) {
        const p = {
          id,
          name,
          categories: str(f, c.categories),
          brand: str(f, c.brand),
          weight: weightOf(ctx, f, weightCol, row, gramsPer),
        };
        if (id !== '') parents.set(`id:${id}`, p);
        if (sku !== '') parents.set(sku, p);
        variableRows.push({ row, id, sku, name });
        return;
      }
      if (types.includes('grouped')) {
        const members = str(f, c.grouped);
        ctx.skip(
          row,
          c.type,
          `'${typeName}' is 'grouped': '${clip(name)}' only lists other products${members ? ` (${clip(members)})` : ''}, which are stored from their own rows. It is not sold itself.`,
        );
        return;
      }
      const errorsBefore = ctx.errors.length;
      if (str(f, c.regular) === '' && str(f, c.sale) === '') {
        ctx.error(
          row,
          c.regular,
          `'${priceName}' is empty. Give the product a price in WooCommerce, or it cannot be analysed.`,
        );
      }
      const regular = ctx.money(f, c.regular, row, digits, NaN);
      const sale = ctx.money(f, c.sale, row, digits, NaN);
      const stock = signedInt(ctx, f, c.stock, row);
      if (ctx.errors.length > errorsBefore) {
        ctx.rejected++;
        return;
      }
      const onSale = !Number.isNaN(sale);
      rows.push({
        row,
        id,
        sku,
        name,
        types,
        parent: str(f, c.parent),
        attributes: attrCols.map((col) => str(f, col)).filter((v) => v !== ''),
        categories: str(f, c.categories),
        brand: str(f, c.brand),
        price: onSale ? sale : regular,
        compareAt: onSale && !Number.isNaN(regular) ? regular : null,
        stock,
        barcode: barcodeOf(ctx, f, c.gtin, row),
        weight: weightOf(ctx, f, weightCol, row, gramsPer),
      });
    },
    finish() {
      const variations = new Map<string, number>();
      const products: Product[] = rows.map((r) => {
        const isVariation = r.types.includes('variation');
        const parent = isVariation ? parents.get(r.parent) : undefined;
        if (parent) variations.set(parent.id, (variations.get(parent.id) ?? 0) + 1);
        const parentId = parent?.id ?? r.parent.replace(/^id:/, '');
        // "V-Neck T-Shirt - Red" → the parent's name and "Red" (WooCommerce names variations so).
        const fromName =
          parent && r.name.startsWith(`${parent.name} - `)
            ? r.name.slice(parent.name.length + 3)
            : '';
        return {
          sku: r.sku || `woo-${r.id}`,
          productId: isVariation ? parentId : r.id,
          variantId: isVariation ? r.id : '',
          handle: '',
          title: parent?.name || r.name,
          variantTitle: isVariation ? r.attributes.join(' / ') || fromName : '',
          vendor: r.brand || parent?.brand || '',
          productType: firstCategory(r.categories) || firstCategory(parent?.categories ?? ''),
          currency,
          price: r.price,
          compareAtPrice: r.compareAt,
          cost: null,
          // WooCommerce ships a variation without its own weight at its parent's.
          weight: r.weight ?? parent?.weight ?? null,
          barcode: r.barcode,
          onHand: r.stock,
          onOrder: 0,
          leadTimeDays: null,
          leadTimeSdDays: null,
          moq: null,
          url: '',
          updatedAt: 0,
        };
      });
      for (const v of variableRows) {
        const n = variations.get(v.id) ?? 0;
        ctx.skip(
          v.row,
          c.type,
          `'${typeName}' is 'variable': '${clip(v.name)}' is the parent of ${n === 1 ? '1 variation' : `${n} variations`} in this file${n > 0 ? ', each stored as a product of its own' : ''}. The parent itself is not sold.`,
        );
      }
      ctx.skipped.sort((a, b) => a.row - b.row);
      return { products };
    },
  };
}
