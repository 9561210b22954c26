// Saved real product pages written by others (excerpts, see tests/fixtures/real/SOURCES.md and
// tests/fixtures/real/pages/NOTES.md). Every expected value was read off the original page's HTML
// by hand, as NOTES.md explains per page; none comes from running this code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/pages/', import.meta.url));
const page = (name: string, url: string) =>
  analyzePage(parse(readFileSync(`${dir}${name}`, 'utf8')), url);

describe('saved real product pages', () => {
  it('FYE (Salesforce Commerce Cloud): $17.99 from microdata, agreeing with Open Graph and the page; the logo <h1> is not the name', () => {
    const a = page(
      'fye-sfcc-product.html',
      'https://www.fye.com/better-off-dead-exclusive-blu-ray-steelbook-fye.000000032429335302.html',
    );
    expect(a.products).toHaveLength(1);
    const p = a.products[0]!;
    expect(p.name?.value).toBe('Better Off Dead [Exclusive Blu-ray Steelbook]');
    expect(p.price).toEqual({ value: 17.99, source: 'microdata' });
    expect(p.wasPrice).toBeUndefined();
    expect(p.currency?.value).toBe('USD');
    expect(p.visible?.price).toBe(17.99);
    expect(p.disagreements).toEqual([]);
    expect(a.platform.platform).toBe('salesforce-commerce-cloud');
  });

  it('Monster Pet Supplies: an AggregateOffer £5.29–£9.56 is a range, the shown £9.56 is inside it (no disagreement), variants named by pack size', () => {
    const a = page(
      'monsterpet-aggregateoffer.html',
      'https://www.monsterpetsupplies.co.uk/cat/cat-flea-tick/johnsons-4-fleas-cats-kittens',
    );
    const p = a.products[0]!;
    expect(p.name?.value).toBe('Johnsons 4 Fleas Cats & Kittens Tablets');
    expect(p.price).toEqual({ value: 5.29, source: 'microdata' });
    expect(p.priceRange).toEqual({ low: 5.29, high: 9.56, source: 'microdata' });
    expect(p.visible?.price).toBe(9.56);
    expect(p.wasPrice).toBeUndefined();
    expect(p.currency?.value).toBe('GBP');
    expect(p.disagreements).toEqual([]);
    expect(p.variants.map((v) => [v.sku, v.name, v.price])).toEqual([
      ['CS20858_1', '6 Treatment Pack', 9.56],
      ['CS20858_2', '3 Treatment Pack', 5.29],
    ]);
  });

  it('Amazon UK: the title is h1#title, not the "Follow the author" card heading before it; £4.45', () => {
    const a = page(
      'amazon-uk-used-book.html',
      'https://www.amazon.co.uk/Vegetable-Perfection-delicious-recipes-shoots/dp/1849757097',
    );
    const p = a.products[0]!;
    expect(p.name?.value).toMatch(
      /^Vegetable Perfection: 100 delicious recipes for roots, bulbs, shoots and stems/,
    );
    expect(p.price).toEqual({ value: 4.45, source: 'visible-text' });
    expect(p.currency?.value).toBe('GBP');
  });

  it('Amazon US: a popover <h1> and the author card come first in the DOM; the name is the product title; Kindle price $10.99', () => {
    const a = page('amazon-com-kindle.html', 'https://www.amazon.com/dp/B000Y18V36');
    const p = a.products[0]!;
    expect(p.name?.value).toBe('The Whole Truth (A. Shaw Book 1) Kindle Edition');
    expect(p.price).toEqual({ value: 10.99, source: 'visible-text' });
    expect(p.currency?.value).toBe('USD');
  });
});
