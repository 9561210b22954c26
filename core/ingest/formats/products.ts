import type { Product } from '../../schema/store.ts';
import { clip, str, wholeNumber, type Context, type Sink } from './context.ts';

/** Stock on hand per SKU, as an inventory export gives it (no prices). */
export interface StockLevel {
  sku: string;
  handle: string;
  title: string;
  onHand: number;
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
 * Shopify's products export: the product's fields on its first row, one row per variant after it
 * (same Handle, blank Title), and image-only rows that carry no variant. One record per variant.
 */
export function shopifyProductsSink(ctx: Context): Sink {
  const c = {
    handle: ctx.col('Handle'),
    title: ctx.col('Title'),
    vendor: ctx.col('Vendor'),
    type: ctx.col('Type'),
    o1: ctx.col('Option1 Value'),
    o2: ctx.col('Option2 Value'),
    o3: ctx.col('Option3 Value'),
    sku: ctx.col('Variant SKU'),
    qty: ctx.col('Variant Inventory Qty'),
    price: ctx.col('Variant Price'),
    compareAt: ctx.col('Variant Compare At Price'),
    barcode: ctx.col('Variant Barcode'),
    cost: ctx.col('Cost per item'),
  };
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
          `'Handle' is empty. Every row of a Shopify product export belongs to a product handle.`,
        );
        ctx.rejected++;
        return;
      }
      if (h !== handle) {
        handle = h;
        title = str(f, c.title);
        vendor = str(f, c.vendor);
        type = str(f, c.type);
      }
      const skuRaw = str(f, c.sku);
      const priceRaw = str(f, c.price);
      if (skuRaw === '' && priceRaw === '') return; // an image row
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
        ctx.error(row, c.price, `'Variant Price' is empty. Each variant needs a price.`);
      const price = ctx.money(f, c.price, row, digits, NaN);
      const compareAt = ctx.money(f, c.compareAt, row, digits, NaN);
      const cost = ctx.money(f, c.cost, row, digits, NaN);
      const onHand = signedInt(ctx, f, c.qty, row);
      if (ctx.errors.length > errorsBefore && (Number.isNaN(price) || Number.isNaN(onHand ?? 0))) {
        ctx.rejected++;
        return;
      }
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
        barcode: barcodeOf(ctx, f, c.barcode, row),
        onHand,
        onOrder: 0,
        leadTimeDays: null,
        leadTimeSdDays: null,
        moq: null,
        url: '',
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
 * format). On hand is summed over locations.
 */
export function shopifyInventorySink(ctx: Context): Sink {
  const c = {
    handle: ctx.col('Handle'),
    title: ctx.col('Title'),
    sku: ctx.col('SKU'),
    onHand: ctx.col('On hand (current)', 'On hand'),
    available: ctx.col('Available (not editable)', 'Available'),
  };
  let qtyCols: number[];
  if (c.onHand >= 0) qtyCols = [c.onHand];
  else if (c.available >= 0) qtyCols = [c.available];
  else {
    const coo = ctx.col('COO');
    qtyCols = [];
    for (let i = Math.max(coo, c.sku) + 1; i < ctx.header.length; i++) qtyCols.push(i);
  }
  const bySku = new Map<string, StockLevel>();
  return {
    want: ctx.wantOf([c.handle, c.title, c.sku, ...qtyCols]),
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
      }
      const prev = bySku.get(sku);
      if (prev) prev.onHand += total;
      else bySku.set(sku, { sku, handle: str(f, c.handle), title: str(f, c.title), onHand: total });
    },
    finish() {
      return { stock: [...bySku.values()] };
    },
  };
}

/**
 * WooCommerce's product CSV exporter: one row per product and per variation (Type "variation",
 * Parent "id:123"). Variable parents are not sellable and are skipped; simple products and
 * variations become records. Sale price, when set, is the price and Regular price the compare-at.
 */
export function wooProductsSink(ctx: Context): Sink {
  const c = {
    id: ctx.col('ID'),
    type: ctx.col('Type'),
    sku: ctx.col('SKU'),
    name: ctx.col('Name'),
    regular: ctx.col('Regular price'),
    sale: ctx.col('Sale price'),
    stock: ctx.col('Stock'),
    parent: ctx.col('Parent'),
    gtin: ctx.col('GTIN, UPC, EAN, or ISBN', 'GTIN'),
    brand: ctx.col('Brands'),
    categories: ctx.col('Categories'),
  };
  const currency = storeCurrency(ctx);
  const digits = ctx.digits(currency);
  const products: Product[] = [];
  return {
    want: ctx.wantOf(Object.values(c)),
    row(f, row) {
      const type = str(f, c.type).toLowerCase();
      if (/\b(variable|grouped)\b/.test(type)) return;
      const id = str(f, c.id);
      const errorsBefore = ctx.errors.length;
      if (str(f, c.regular) === '' && str(f, c.sale) === '') {
        ctx.error(
          row,
          c.regular,
          `'Regular price' is empty. Give the product a price in WooCommerce, or it cannot be analysed.`,
        );
      }
      const regular = ctx.money(f, c.regular, row, digits, NaN);
      const sale = ctx.money(f, c.sale, row, digits, NaN);
      const stock = signedInt(ctx, f, c.stock, row);
      if (ctx.errors.length > errorsBefore) {
        ctx.rejected++;
        return;
      }
      const parent = str(f, c.parent).replace(/^id:/, '');
      const isVariation = type.includes('variation');
      const onSale = !Number.isNaN(sale);
      products.push({
        sku: str(f, c.sku) || `woo-${id}`,
        productId: isVariation ? parent : id,
        variantId: isVariation ? id : '',
        handle: '',
        title: str(f, c.name),
        variantTitle: '',
        vendor: str(f, c.brand),
        productType: str(f, c.categories).split(',')[0]?.split('>').pop()?.trim() ?? '',
        currency,
        price: onSale ? sale : regular,
        compareAtPrice: onSale && !Number.isNaN(regular) ? regular : null,
        cost: null,
        barcode: barcodeOf(ctx, f, c.gtin, row),
        onHand: stock,
        onOrder: 0,
        leadTimeDays: null,
        leadTimeSdDays: null,
        moq: null,
        url: '',
        updatedAt: 0,
      });
    },
    finish() {
      return { products };
    },
  };
}
