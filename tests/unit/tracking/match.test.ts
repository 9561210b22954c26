import { describe, expect, it } from 'vitest';
import {
  gtinCheckDigit,
  normalizeGtin,
  parsePackSize,
  proposeMatches,
  titleSimilarity,
} from '../../../core/tracking/index.ts';

const catalog = [
  {
    sku: 'NW-TR-9',
    title: 'Northwind Trail Runner GTX, size 9',
    gtin: '0012345678912',
    brand: 'Northwind',
  },
  { sku: 'KB-350', title: 'Kaffeebecher Steingut 350 ml', gtin: '', brand: 'Kaffeehaus' },
  { sku: 'KB-500', title: 'Kaffeebecher Steingut 500 ml', gtin: '', brand: 'Kaffeehaus' },
  { sku: 'COLD-6', title: 'Cold brew coffee 6 x 250 ml', brand: 'Brewline', mpn: 'CB-250-6' },
];

describe('GTIN', () => {
  it('computes GS1 check digits', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
  });

  it('normalises EAN-8, UPC-A, EAN-13 and GTIN-14 to 14 digits and rejects bad check digits', () => {
    expect(normalizeGtin('4006381333931')).toBe('04006381333931');
    expect(normalizeGtin('036000291452')).toBe('00036000291452');
    expect(normalizeGtin('0036000291452')).toBe('00036000291452');
    expect(normalizeGtin('96385074')).toBe('00000096385074');
    expect(normalizeGtin('4006 3813 3393-1')).toBe('04006381333931');
    expect(normalizeGtin('4006381333932')).toBeNull();
    expect(normalizeGtin('12345')).toBeNull();
    expect(normalizeGtin('0000000000000')).toBeNull();
    expect(normalizeGtin('ABC6381333931')).toBeNull();
  });
});

describe('pack sizes', () => {
  it('reads multipacks, metric and imperial sizes and piece counts', () => {
    expect(parsePackSize('Cold brew 6 x 500 ml')).toMatchObject({
      count: 6,
      size: 500,
      unit: 'ml',
      total: 3000,
    });
    expect(parsePackSize('Espresso beans 1 kg')).toMatchObject({ count: 1, size: 1000, unit: 'g' });
    expect(parsePackSize('Olive oil 0,75 l')).toMatchObject({ size: 750, unit: 'ml' });
    expect(parsePackSize('Tea lights, 12-pack')).toMatchObject({
      count: 12,
      unit: 'pc',
      total: 12,
    });
    expect(parsePackSize('Trail Runner GTX')).toBeNull();
  });
});

describe('title similarity', () => {
  it('scores the same article high despite word order, case, accents and unit spelling', () => {
    expect(titleSimilarity('Kaffeebecher Steingut 350ml', 'kaffeebecher  steingut 0,35 l')).toBe(1);
    expect(titleSimilarity('Trail Runner GTX – Men’s', 'GTX trail runner mens')).toBeGreaterThan(
      0.7,
    );
  });

  it('scores different sizes and unrelated products low', () => {
    expect(
      titleSimilarity('Kaffeebecher Steingut 350 ml', 'Kaffeebecher Steingut 500 ml'),
    ).toBeLessThan(0.5);
    expect(titleSimilarity('Aurora lamp', 'Boreal chair')).toBe(0);
  });
});

describe('proposeMatches', () => {
  it('matches by GTIN across UPC/EAN forms before anything else', () => {
    const m = proposeMatches({ name: 'Something else', gtin: '012345678912' }, catalog);
    expect(m).toEqual([{ sku: 'NW-TR-9', method: 'gtin', score: 1 }]);
  });

  it('ignores an invalid GTIN and falls back to MPN with brand', () => {
    const m = proposeMatches(
      { name: 'Brewline cold brew', gtin: '0012345678913', mpn: 'cb-250-6', brand: 'BREWLINE' },
      catalog,
    );
    expect(m[0]).toEqual({ sku: 'COLD-6', method: 'mpn', score: 0.95 });
  });

  it('does not match a SKU when the brands differ', () => {
    const m = proposeMatches(
      { name: 'Unrelated thing', sku: 'KB-350', brand: 'Othermaker' },
      catalog,
    );
    expect(m.every((x) => x.method !== 'sku')).toBe(true);
  });

  it('proposes the right size by title with a score for the user to confirm', () => {
    const m = proposeMatches(
      { name: 'Kaffeebecher Steingut 350 ml', brand: 'Kaffeehaus' },
      catalog,
    );
    expect(m[0]).toMatchObject({ sku: 'KB-350', method: 'title' });
    expect(m[0]!.score).toBeGreaterThan(0.9);
    expect(m.find((x) => x.sku === 'KB-500')?.score ?? 0).toBeLessThan(m[0]!.score);
  });

  it('proposes nothing for an unrelated product', () => {
    expect(proposeMatches({ name: 'Boreal chair' }, catalog)).toEqual([]);
  });
});
