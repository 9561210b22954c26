/**
 * What a store sync changed in what is stored, in the manager's words ("1 new order, 1 order
 * changed, 1 product price changed"). A platform hands back every order and product it counts as
 * updated (WooCommerce also every variant a changed order holds, whose stock the order may have
 * moved); only the records whose stored content differs are named, the rest are "fetched
 * unchanged".
 */
import type { Product } from '../schema/store.ts';
import type { OrderChanges } from '../ingest/merge.ts';

/** The parts of a product a manager reads as one kind of change. */
export type ProductChangeKind = 'price' | 'cost' | 'stock' | 'details';

export interface ProductChanges {
  added: number;
  /** Stored products with any field changed (each counted once). */
  changed: number;
  unchanged: number;
  /** Of `changed`, how many changed in each kind (a product can change in several). */
  kinds: Record<ProductChangeKind, number>;
}

export interface StoreChanges {
  orders: OrderChanges;
  products: ProductChanges;
}

const KIND_OF: Partial<Record<keyof Product, ProductChangeKind>> = {
  price: 'price',
  compareAtPrice: 'price',
  cost: 'cost',
  onHand: 'stock',
  onOrder: 'stock',
  locations: 'stock',
};
/** Fields that are the record's bookkeeping, not its content. */
const IGNORED = new Set<string>(['updatedAt']);

/** The kinds of change between two versions of one product (empty when they hold the same). */
export function productChangeKinds(before: Product, after: Product): ProductChangeKind[] {
  const kinds = new Set<ProductChangeKind>();
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    const a = (before as Record<string, unknown>)[k];
    const b = (after as Record<string, unknown>)[k];
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    kinds.add(KIND_OF[k as keyof Product] ?? 'details');
  }
  return [...kinds];
}

export const noChanges = (): StoreChanges => ({
  orders: { added: 0, changed: 0, unchanged: 0 },
  products: {
    added: 0,
    changed: 0,
    unchanged: 0,
    kinds: { price: 0, cost: 0, stock: 0, details: 0 },
  },
});

/** Adds `b` to `a` (the bundles of one sync, taken in one after another). */
export function addChanges(a: StoreChanges, b: StoreChanges): StoreChanges {
  return {
    orders: {
      added: a.orders.added + b.orders.added,
      changed: a.orders.changed + b.orders.changed,
      unchanged: a.orders.unchanged + b.orders.unchanged,
    },
    products: {
      added: a.products.added + b.products.added,
      changed: a.products.changed + b.products.changed,
      unchanged: a.products.unchanged + b.products.unchanged,
      kinds: {
        price: a.products.kinds.price + b.products.kinds.price,
        cost: a.products.kinds.cost + b.products.kinds.cost,
        stock: a.products.kinds.stock + b.products.kinds.stock,
        details: a.products.kinds.details + b.products.kinds.details,
      },
    },
  };
}

/** In the user's locale, as the screens write numbers. */
const nf = new Intl.NumberFormat();
const count = (n: number, one: string, many: string) => `${nf.format(n)} ${n === 1 ? one : many}`;

/**
 * "1 new order, 2 orders changed, 1 product price changed, 1 stock level changed; 4 products
 * fetched unchanged", or "nothing changed" when the sync brought only what was stored.
 */
export function changeWords(c: StoreChanges): string {
  const o = c.orders;
  const p = c.products;
  const parts: string[] = [];
  if (o.added) parts.push(count(o.added, 'new order', 'new orders'));
  if (o.changed) parts.push(count(o.changed, 'order changed', 'orders changed'));
  if (p.added) parts.push(count(p.added, 'new product', 'new products'));
  if (p.kinds.price)
    parts.push(count(p.kinds.price, 'product price changed', 'product prices changed'));
  if (p.kinds.cost)
    parts.push(count(p.kinds.cost, 'product cost changed', 'product costs changed'));
  if (p.kinds.stock)
    parts.push(count(p.kinds.stock, 'stock level changed', 'stock levels changed'));
  if (p.kinds.details)
    parts.push(count(p.kinds.details, 'product’s details changed', 'products’ details changed'));
  const same: string[] = [];
  if (o.unchanged) same.push(count(o.unchanged, 'order', 'orders'));
  if (p.unchanged) same.push(count(p.unchanged, 'product', 'products'));
  const rest = same.length ? `${same.join(' and ')} fetched unchanged` : '';
  if (!parts.length) return rest ? `nothing changed (${rest})` : 'nothing new';
  return rest ? `${parts.join(', ')}; ${rest}` : parts.join(', ');
}
