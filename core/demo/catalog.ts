/** The demo store's catalog: a few hundred SKUs of an outdoor-apparel shop, with supply data. */
import type { Product } from '../schema/store.ts';
import type { Rng } from './random.ts';

interface Category {
  type: string;
  products: string[];
  /** Price range in dollars. */
  price: [number, number];
  variants: string[];
  vendors: string[];
  /** Relative demand of the category. */
  demand: number;
}

const categories: Category[] = [
  {
    type: 'T-Shirts',
    products: ['Trail Tee', 'Summit Tee', 'Logo Tee', 'Merino Tee', 'Sunrise Tee', 'Ridge Tee'],
    price: [22, 42],
    variants: ['S', 'M', 'L', 'XL'],
    vendors: ['Northpeak', 'Fieldwear'],
    demand: 1.6,
  },
  {
    type: 'Hoodies',
    products: ['Basecamp Hoodie', 'Fleece Hoodie', 'Zip Hoodie', 'Alpine Hoodie'],
    price: [55, 95],
    variants: ['S', 'M', 'L', 'XL'],
    vendors: ['Northpeak'],
    demand: 1.1,
  },
  {
    type: 'Jackets',
    products: ['Rain Shell', 'Down Jacket', 'Softshell Jacket', 'Wind Jacket'],
    price: [110, 280],
    variants: ['S', 'M', 'L', 'XL'],
    vendors: ['Northpeak', 'Alto Gear'],
    demand: 0.6,
  },
  {
    type: 'Socks',
    products: ['Hiking Socks', 'Wool Socks', 'Running Socks', 'Liner Socks'],
    price: [12, 24],
    variants: ['S/M', 'L/XL'],
    vendors: ['Fieldwear', 'Loop & Yarn'],
    demand: 1.8,
  },
  {
    type: 'Caps',
    products: ['Trucker Cap', 'Sun Hat', 'Beanie', 'Bucket Hat'],
    price: [18, 36],
    variants: ['One size'],
    vendors: ['Fieldwear'],
    demand: 1.0,
  },
  {
    type: 'Backpacks',
    products: ['Daypack 20L', 'Trek Pack 40L', 'Roll-top 25L', 'Sling Bag'],
    price: [65, 190],
    variants: ['Black', 'Olive', 'Rust'],
    vendors: ['Alto Gear'],
    demand: 0.7,
  },
  {
    type: 'Bottles',
    products: ['Steel Bottle 750ml', 'Insulated Mug', 'Soft Flask', 'Filter Bottle'],
    price: [16, 45],
    variants: ['Black', 'Sand', 'Sky'],
    vendors: ['Hydra Co'],
    demand: 1.3,
  },
  {
    type: 'Camping',
    products: ['Camp Stove', 'Headlamp', 'Camp Chair', 'Sleeping Pad', 'Lantern', 'Hammock'],
    price: [25, 140],
    variants: ['Standard'],
    vendors: ['Alto Gear', 'Emberline'],
    demand: 0.8,
  },
  {
    type: 'Footwear',
    products: ['Trail Runner', 'Hiking Boot', 'Camp Slide'],
    price: [60, 170],
    variants: ['8', '9', '10', '11', '12'],
    vendors: ['Stride Lab'],
    demand: 0.7,
  },
  {
    type: 'Accessories',
    products: ['Gaiters', 'Trekking Poles', 'Dry Bag', 'Buff', 'Gloves', 'Map Case'],
    price: [14, 70],
    variants: ['Standard'],
    vendors: ['Fieldwear', 'Alto Gear'],
    demand: 0.9,
  },
  {
    type: 'Pants',
    products: ['Trail Pant', 'Convertible Pant', 'Jogger', 'Climbing Short'],
    price: [45, 110],
    variants: ['30', '32', '34', '36'],
    vendors: ['Northpeak', 'Fieldwear'],
    demand: 0.9,
  },
  {
    type: 'Gift Cards',
    products: ['Gift Card'],
    price: [50, 50],
    variants: ['$25', '$50', '$100'],
    vendors: ['Storelens Outdoor'],
    demand: 0.3,
  },
];

/** The catalog with each SKU's relative demand and life cycle, for the order simulation. */
export interface DemoCatalog {
  products: Product[];
  /** Relative demand per SKU (index as products). */
  demand: Float64Array;
  /** First day index (from the store's start) a SKU sells; later launches start mid-history. */
  launchDay: Int32Array;
  /** Day index from which a SKU is out of stock and stops selling (days length = never). */
  stockoutDay: Int32Array;
  /** SKUs kept as dead stock: stocked but barely selling. */
  dead: Uint8Array;
  /** Local product id per SKU, the product title and handle. */
  handles: string[];
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}

/** A GTIN-13 with a valid check digit (the demo uses the 200–299 in-store prefix range). */
function gtin13(n: number): string {
  const body = `2${String(n).padStart(11, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

/** Builds the catalog; `days` is the length of the sales history. */
export function makeCatalog(rng: Rng, days: number, updatedAt: number): DemoCatalog {
  const products: Product[] = [];
  const demand: number[] = [];
  const launch: number[] = [];
  const stockout: number[] = [];
  const dead: number[] = [];
  const handles: string[] = [];
  let productNo = 0;
  for (const cat of categories) {
    for (const name of cat.products) {
      for (const series of ['', ' Pro']) {
        // About half the products also come as a "Pro" model at a higher price.
        if (series && (cat.type === 'Gift Cards' || !rng.chance(0.55))) continue;
        productNo++;
        const title = name + series;
        const handle = slug(title);
        const vendor = rng.pick(cat.vendors);
        const basePrice =
          Math.round(rng.range(cat.price[0], cat.price[1]) * (series ? 1.35 : 1)) - 0.01;
        const popularity = cat.demand * Math.exp(rng.normal() * 0.8);
        const launchDay = rng.chance(0.15) ? rng.int(60, Math.max(61, days - 120)) : 0;
        const isDead = rng.chance(0.05);
        const leadTime = rng.int(7, 45);
        cat.variants.forEach((variant, vi) => {
          const price =
            cat.type === 'Gift Cards'
              ? Number(variant.slice(1)) * 100
              : Math.round(basePrice * 100);
          const sku =
            `${handle.slice(0, 12).toUpperCase()}-${slug(variant).toUpperCase() || 'STD'}`.replace(
              /-+/g,
              '-',
            );
          const stockedOut = !isDead && cat.type !== 'Gift Cards' && rng.chance(0.04);
          products.push({
            sku: `${sku}-${productNo}`,
            productId: String(7_100_000 + productNo),
            variantId: String(41_000_000 + productNo * 10 + vi),
            handle,
            title,
            variantTitle: cat.variants.length > 1 ? variant : '',
            vendor,
            productType: cat.type,
            currency: 'USD',
            price,
            compareAtPrice: rng.chance(0.15) ? Math.round(price * 1.25) : null,
            cost: cat.type === 'Gift Cards' ? null : Math.round(price * rng.range(0.32, 0.55)),
            barcode: gtin13(productNo * 10 + vi),
            onHand: 0,
            onOrder: 0,
            leadTimeDays: leadTime,
            leadTimeSdDays: Math.round(leadTime * rng.range(0.1, 0.35) * 10) / 10,
            moq: cat.type === 'Gift Cards' ? null : rng.pick([1, 6, 12, 24, 50]),
            url: `https://shop.example.com/products/${handle}`,
            updatedAt,
          });
          // Middle sizes sell best.
          const sizeWeight =
            cat.variants.length >= 4 && (vi === 0 || vi === cat.variants.length - 1) ? 0.6 : 1;
          demand.push(popularity * sizeWeight * (isDead ? 0.01 : 1));
          launch.push(launchDay);
          stockout.push(stockedOut ? days - rng.int(3, 25) : days);
          dead.push(isDead ? 1 : 0);
          handles.push(handle);
        });
      }
    }
  }
  return {
    products,
    demand: Float64Array.from(demand),
    launchDay: Int32Array.from(launch),
    stockoutDay: Int32Array.from(stockout),
    dead: Uint8Array.from(dead),
    handles,
  };
}
