import { describe, expect, it } from 'vitest';
import { tableCsv, type CsvColumn } from '../../../core/export/table.ts';

interface Row {
  sku: string;
  net: number;
  aov: number;
  share: number;
  at: number;
}

const columns: CsvColumn<Row>[] = [
  { label: 'SKU', value: (r) => r.sku },
  { label: 'Net sales', kind: 'money', value: (r) => r.net },
  { label: 'AOV', kind: 'money', value: (r) => r.aov },
  { label: 'Share', kind: 'ratio', value: (r) => r.share },
  { label: 'Checked', kind: 'date', value: (r) => r.at },
];

describe('table exports as the manager reads them', () => {
  it('writes money in major units with a currency column, ratios and times rounded', () => {
    // The figures of the issue: $29,470.98 held as 2947098.2863 cents; AOV 40763.333… cents.
    const csv = tableCsv(
      columns,
      [{ sku: 'KETTLE-1', net: 2947098.2863, aov: 40763.333333333336, share: 0.123456789, at: 0 }],
      'USD',
    );
    expect(csv.split('\r\n')).toEqual([
      'SKU,Net sales,AOV,Share,Checked,Currency',
      'KETTLE-1,29470.98,407.63,0.1235,1970-01-01T00:00:00.000Z,USD',
      '',
    ]);
  });

  it('uses the currency’s own digits: yen has none, dinar three', () => {
    const row = { sku: 'A', net: 1234, aov: 1234, share: 0, at: 0 };
    expect(tableCsv(columns.slice(0, 2), [row], 'JPY').split('\r\n')[1]).toBe('A,1234,JPY');
    expect(tableCsv(columns.slice(0, 2), [row], 'KWD').split('\r\n')[1]).toBe('A,1.234,KWD');
  });

  it('gives money in each row’s own currency its own currency column', () => {
    const cols: CsvColumn<{ p: number; c: string }>[] = [
      { label: 'Their price', kind: 'money', value: (r) => r.p, currency: (r) => r.c },
    ];
    expect(tableCsv(cols, [{ p: 4390, c: 'EUR' }], 'USD')).toBe(
      'Their price,Their price currency\r\n43.90,EUR\r\n',
    );
  });

  it('leaves missing numbers empty and neutralises formulas from page data', () => {
    const csv = tableCsv(
      columns.slice(0, 2),
      [{ sku: '=HYPERLINK("x")', net: Number.NaN, aov: 0, share: 0, at: 0 }],
      'USD',
    );
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",,USD`);
  });
});
