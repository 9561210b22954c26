import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../core/export/csv.ts';
import { errorsToCsv } from '../../../core/ingest/errors.ts';
import { snapshotColumns, tableFromRows } from '../../../core/schema/columns.ts';
import { trackedProductsCsv } from '../../../core/tracking/csv.ts';

describe('the one CSV writer', () => {
  it('neutralises cells a spreadsheet would run as formulas (OWASP CSV injection)', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+cmd|x')).toBe("'+1+cmd|x");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('keeps numbers and plain numeric text as numbers, missing values empty', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes separators, quotes and line breaks (RFC 4180) and ends rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"\nthere']])).toBe(
      'a,b\r\n"x,y","say ""hi""\nthere"\r\n',
    );
    expect(toCsv(['a'], [], { bom: true })).toBe('\uFEFFa\r\n');
  });

  it('is what the rejected-rows and tracking exports write', () => {
    const errs = errorsToCsv(
      [{ row: 3, column: 'Total', message: '=1+1 is not a number' }],
      'o.csv',
    );
    expect(errs).toBe("\uFEFFFile,Row,Column,Problem\r\no.csv,3,Total,'=1+1 is not a number\r\n");
    const hostile = errorsToCsv([{ row: 2, column: '@x', message: 'bad' }], 'o.csv');
    expect(hostile.split('\r\n')[1]).toBe("o.csv,2,'@x,bad");
    const tracked = trackedProductsCsv(
      [
        {
          id: 'p1',
          url: 'https://shop.example/p',
          domain: 'shop.example',
          name: '=cmd|calc',
          brand: '',
          sku: '',
          gtin: '',
          mpn: '',
          variantId: '',
          paused: false,
          createdAt: 0,
        },
      ],
      tableFromRows(snapshotColumns, []),
      0,
    );
    expect(tracked).toContain(",'=cmd|calc,");
  });
});

describe('one copy of the formula guard', () => {
  it('no other source file re-implements CSV cell escaping', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(name) && p !== join('core', 'export', 'csv.ts')) {
          if (/\[=\+\\?-@/.test(readFileSync(p, 'utf8'))) offenders.push(p);
        }
      }
    };
    for (const root of ['core', 'pwa/src', 'extension']) walk(root);
    expect(offenders).toEqual([]);
  });
});
