// Cutting an export into byte ranges and stitching the readings (core/ingest/parts.ts): the cut
// finder, and every reason the stitcher refuses (the caller then reads the file in one go).
import { describe, expect, it } from 'vitest';
import {
  createExportReader,
  findSplit,
  mergePartReadings,
  type ExportReading,
} from '../../../core/ingest/index.ts';

const enc = new TextEncoder();

const HEADER =
  'Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Notes,Id';

function order(n: number, lines = 1, notes = ''): string {
  const rows: string[] = [];
  for (let k = 0; k < lines; k++) {
    const first = k === 0;
    rows.push(
      [
        `#${n}`,
        first ? `c${n}@example.com` : '',
        first ? 'paid' : '',
        first ? 'USD' : '',
        first ? `${10 * lines}.00` : '',
        first ? '0.00' : '',
        first ? '0.00' : '',
        first ? `${10 * lines}.00` : '',
        first ? '2024-03-01 10:00:00 -0500' : '',
        '1',
        'Mug',
        '10.00',
        `MUG-${k}`,
        first ? notes : '',
        first ? `${5000 + n}` : '',
      ].join(','),
    );
  }
  return rows.map((r) => `${r}\n`).join('');
}

/** Reads `text` cut at the given byte offsets into range readings, as the import does. */
function readParts(text: string, cuts: number[]): ExportReading[] {
  const bytes = enc.encode(text);
  const head = bytes.subarray(0, bytes.indexOf(10) + 1);
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, k) => {
    const r = createExportReader({ part: true, records: false, salt: 's' });
    if (k > 0) r.push(head);
    r.push(bytes.subarray(bounds[k]!, end));
    return r.finish();
  });
}

function whole(text: string): ExportReading {
  const r = createExportReader({ records: false, salt: 's' });
  r.push(enc.encode(text));
  return r.finish();
}

const offsetOf = (text: string, needle: string) =>
  enc.encode(text.slice(0, text.indexOf(needle))).length;

describe('findSplit', () => {
  const text = `${HEADER}\n${order(1, 3)}${order(2, 2)}${order(3)}`;
  const bytes = enc.encode(text);

  it('cuts at the first line that starts another order', () => {
    // From inside order #1's second row: its rows share the name, #2 starts a new order.
    const from = offsetOf(text, '#1,,');
    expect(findSplit(bytes.subarray(from + 3), from + 3, 0, ',')).toBe(offsetOf(text, '#2,'));
  });

  it('compares the grouping column wherever it is, and needs a whole line after the cut', () => {
    const csv = 'a;Name\nx;#1\ny;#1\nz;#2\n';
    const b = enc.encode(csv);
    expect(findSplit(b.subarray(1), 1, 1, ';')).toBe(csv.indexOf('z;#2'));
    expect(findSplit(b.subarray(0, csv.indexOf('z;#2') + 2), 0, 1, ';')).toBeNull();
    expect(findSplit(enc.encode('no line break here'), 0, 0, ',')).toBeNull();
  });

  it('skips lines whose grouping field could be inside quotes', () => {
    const csv = 'h\n#1\n"#2\nstill #2"\n#2\n#3\n';
    const b = enc.encode(csv);
    // "#2 and the line after it are not plain; #2 (after #1) is not compared with them.
    expect(findSplit(b, 0, 0, ',')).toBe(csv.indexOf('#3'));
  });
});

describe('mergePartReadings', () => {
  const text = `${HEADER}\n${order(1, 2)}${order(2, 3)}${order(3)}${order(4, 2)}`;

  it('joins ranges cut between orders into the reading of the whole file', () => {
    const parts = readParts(text, [offsetOf(text, '#2,c2'), offsetOf(text, '#4,c4')]);
    const merged = mergePartReadings(parts)!;
    const one = whole(text);
    expect(merged.ordersTable).toEqual(one.ordersTable);
    expect(merged.linesTable).toEqual(one.linesTable);
    expect(merged.rows).toBe(one.rows);
    expect(merged.part).toBeUndefined();
  });

  it('renumbers rejected rows and the rows their messages name', () => {
    // Order #3 is rejected (bad total); its second row is skipped, naming the row of its first.
    const bad = `${HEADER}\n${order(1, 2)}${order(2)}${order(3, 2).replace('20.00\n', 'x\n').replace(',20.00,', ',x,')}${order(4)}`;
    const parts = readParts(bad, [offsetOf(bad, '#3,c3')]);
    const merged = mergePartReadings(parts)!;
    const one = whole(bad);
    expect(one.errors.length).toBeGreaterThanOrEqual(2);
    expect(one.errors.some((e) => /its first row 5 was rejected/.test(e.message))).toBe(true);
    expect(merged.errors).toEqual(one.errors);
    expect(merged.rejected).toBe(one.rejected);
  });

  it('refuses when a later range has an amount like "1.234" (read by the amounts before it)', () => {
    // Lineitem price '1.234' in #4: one reader knows from the rows before that '.' is decimal.
    const unsure = `${HEADER}\n${order(1, 2)}${order(2)}${order(3)}${order(4).replace(',Mug,10.00,', ',Mug,1.234,')}`;
    const parts = readParts(unsure, [offsetOf(unsure, '#3,c3')]);
    expect(parts[1]!.part!.unsureNumbers).toBe(1);
    expect(mergePartReadings(parts)).toBeNull();
    expect(whole(unsure).linesTable!.columns.unitPrice[4]).toBe(123);
  });

  it('refuses a cut inside an order', () => {
    const parts = readParts(text, [offsetOf(text, '#2,,')]);
    expect(mergePartReadings(parts)).toBeNull();
  });

  it('refuses a cut inside a quoted value', () => {
    const quoted = `${HEADER}\n${order(1)}${order(2, 1, '"call\n#9 first"')}${order(3)}`;
    const parts = readParts(quoted, [offsetOf(quoted, '#9 first')]);
    expect(parts[0]!.part!.unterminatedQuote).toBe(true);
    expect(mergePartReadings(parts)).toBeNull();
  });

  it('refuses an order that is in two ranges', () => {
    const twice = `${HEADER}\n${order(1)}${order(2)}${order(1)}`;
    const parts = readParts(twice, [offsetOf(twice, '#2,')]);
    expect(mergePartReadings(parts)).toBeNull();
  });

  it('checks ids that are not numbers one by one: joins distinct ones, refuses a repeat', () => {
    const gid = (t: string) => t.replace(/,(50\d\d)\n/g, ',gid-$1\n');
    const ok = gid(text);
    expect(ok).toContain(',gid-5001\n');
    const merged = mergePartReadings(readParts(ok, [offsetOf(ok, '#2,c2')]))!;
    expect(merged.ordersTable).toEqual(whole(ok).ordersTable);
    const twice = gid(`${HEADER}\n${order(1)}${order(2)}${order(1)}`);
    expect(mergePartReadings(readParts(twice, [offsetOf(twice, '#2,')]))).toBeNull();
  });

  it('joins ranges whose order names repeat across them (names need not be unique)', () => {
    const renamed = text.replace('#4,c4', '#1,c4').replaceAll('#4,,', '#1,,');
    const parts = readParts(renamed, [offsetOf(renamed, '#2,c2')]);
    const merged = mergePartReadings(parts)!;
    expect(merged.ordersTable).toEqual(whole(renamed).ordersTable);
    expect(merged.ordersTable!.columns.number.dict.filter((n) => n === '#1')).toHaveLength(1);
  });

  it('refuses ranges whose text encoding or notes differ', () => {
    const parts = readParts(text, [offsetOf(text, '#2,c2')]);
    expect(mergePartReadings([parts[0]!, { ...parts[1]!, encoding: 'windows-1252' }])).toBeNull();
    expect(
      mergePartReadings([parts[0]!, { ...parts[1]!, warnings: ['The file mixes encodings'] }]),
    ).toBeNull();
  });
});
