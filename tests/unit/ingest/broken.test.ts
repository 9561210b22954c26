import { describe, expect, it } from 'vitest';
import { errorsToCsv, readExport } from '../../../core/ingest/index.ts';
import { fixture } from './helpers.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('files that cannot be imported get one clear message', () => {
  it.each([
    ['an empty file', new Uint8Array(0), 'empty', /is empty/],
    ['a file of blank lines', text('\n\n  \n'), 'empty', /is empty/],
    [
      'an Excel workbook',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      'spreadsheet',
      /save it as "CSV UTF-8"/,
    ],
    [
      'a PNG image',
      new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
      ]),
      'binary',
      /not text/,
    ],
    [
      'a text file without columns',
      text('Hello,\nthis is a letter\nnot a report\n'),
      'no-header',
      /No header row/,
    ],
    [
      'a pipe-delimited file',
      fixture('shopify-orders-pipe.csv'),
      'no-header',
      /separates its columns with '\|'/,
    ],
    [
      'a header with a duplicated column',
      fixture('shopify-orders-duplicate-header.csv'),
      'duplicate-header',
      /'Email' twice \(columns 2 and 44\)/,
    ],
    [
      'a cut-off bundle',
      text('{"format":"storelens-bundle","data":{"tar'),
      'bad-json',
      /not valid JSON/,
    ],
  ])('%s', async (_label, bytes, code, message) => {
    const err = await readExport(bytes, { fileName: 'upload.csv' }).then(
      () => null,
      (e: unknown) => e as { name: string; code: string; message: string },
    );
    expect(err).toMatchObject({ name: 'IngestError', code });
    expect(err!.message).toMatch(message);
  });

  it('asks for the currency of an ad report that does not say it', async () => {
    const csv = 'Day,Campaign,Cost,Impr.,Clicks\n2024-01-01,Brand,10.00,100,5\n';
    await expect(readExport(text(csv))).rejects.toMatchObject({
      code: 'bad-option',
      message: expect.stringContaining('Choose the currency of the ad account'),
    });
    const r = await readExport(text(csv), { reportingCurrency: 'GBP' });
    expect(r.spend![0]).toMatchObject({ currency: 'GBP', spend: 1000 });
  });

  it('rejects an unknown forced format and timezone as options errors', async () => {
    await expect(
      readExport(fixture('shopify-orders.csv'), { format: 'amazon' }),
    ).rejects.toMatchObject({ code: 'bad-option' });
    await expect(
      readExport(fixture('shopify-orders.csv'), { timezone: 'Mars/Olympus' }),
    ).rejects.toMatchObject({ code: 'bad-option' });
  });
});

describe('bad rows are listed, good rows are kept', () => {
  it('reports negative quantities, impossible dates and non-amounts with row, column and what to fix', async () => {
    const r = await readExport(fixture('shopify-orders-bad-values.csv'), {
      fileName: 'orders.csv',
    });
    expect(r.errors).toEqual([
      {
        row: 2,
        column: 'Lineitem quantity',
        message:
          "'Lineitem quantity' is negative (got '-2'). Quantities must be 0 or more; Shopify records returns as refunds, not negative lines.",
      },
      // An order is imported with all its rows or not at all: #1001's good lines go too.
      {
        row: 3,
        column: 'Name',
        message:
          "Skipped: order '#1001' was not imported (its row 2 was rejected). Fix that row and import again.",
      },
      {
        row: 4,
        column: 'Name',
        message:
          "Skipped: order '#1001' was not imported (its row 2 was rejected). Fix that row and import again.",
      },
      {
        row: 5,
        column: 'Created at',
        message: "'Created at' is not a date (got '31/13/2024'). Check the file's date format.",
      },
      {
        row: 7,
        column: 'Total',
        message: "'Total' is not an amount (got 'twelve'). Use a number like 1234.56 or 1.234,56.",
      },
    ]);
    expect(r.rejected).toBe(5);
    // #1003 is intact; #1001 had a bad line (its total would not match its lines), #1002 and
    // #1004 had bad order fields.
    expect(r.orders!.map((o) => o.number)).toEqual(['#1003']);
    expect(r.lines!.map((l) => l.sku)).toEqual(['JKT-OLV-M']);
  });

  it('keeps the rows before the cut in a truncated download and says where it was cut', async () => {
    const r = await readExport(fixture('shopify-orders-truncated.csv'));
    expect(r.orders!.map((o) => o.number)).toEqual(['#1001', '#1002', '#1003']);
    expect(r.errors).toEqual([
      {
        row: 7,
        message:
          'The file ends inside a quoted value: it was probably cut off while downloading. Export it again; the rows before this one were read.',
      },
    ]);
  });

  it('reads a file mixing UTF-8 and Windows-1252 lines, with a warning', async () => {
    const r = await readExport(fixture('shopify-orders-mixed-encoding.csv'));
    expect(r.errors).toEqual([]);
    expect(r.lines!.at(-1)!.title).toBe('Bonnet laine - Rouille (édition €)');
    expect(r.orders!.find((o) => o.number === '#1002')).toBeDefined();
    expect(r.warnings[0]).toMatch(/mixes text encodings: from byte 4938/);
  });

  it('refuses an order whose rows are split by another order', async () => {
    const lines = new TextDecoder().decode(fixture('shopify-orders.csv')).split('\n');
    const o1005 = lines.find((l) => l.startsWith('#1005,'))!;
    const o1006 = lines.find((l) => l.startsWith('#1006,'))!;
    const r = await readExport(text([lines[0], o1005, o1006, o1005].join('\n')));
    expect(r.orders!.map((o) => o.number)).toEqual(['#1005', '#1006']);
    expect(r.errors).toEqual([
      {
        row: 4,
        column: 'Name',
        message:
          "Order '#1005' appears again after other orders (first on row 2). Keep each order's rows together, as Shopify writes them.",
      },
    ]);
  });

  it('flags rows with a missing or extra column', async () => {
    const csv =
      'Day,Campaign,Currency code,Cost,Impr.,Clicks\n2024-01-01,Brand,USD,10.00,100,5\n2024-01-02,Brand,USD,11.00\n2024-01-03,Brand, Inc,USD,12.00,120,6\n';
    const r = await readExport(text(csv));
    expect(r.spend).toHaveLength(1);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({
      row: 3,
      message: expect.stringMatching(
        /^The row has 4 of the header's 6 columns\. The file may be cut off here/,
      ),
    });
    expect(r.errors[1]).toMatchObject({
      row: 4,
      message: expect.stringMatching(
        /has 7 columns but the header has 6\. A value probably contains the delimiter ','/,
      ),
    });
  });

  it('writes the rejected rows as a downloadable CSV that spreadsheets open safely', () => {
    const csv = errorsToCsv(
      [
        {
          row: 14,
          column: 'Paid at',
          message: "'Paid at' is not a date (got '31/13/2024'). Check the file's date format.",
        },
        { row: 20, message: '=HYPERLINK("x")' },
      ],
      'orders, Jan.csv',
    );
    expect(csv).toBe(
      '\uFEFFFile,Row,Column,Problem\r\n' +
        `"orders, Jan.csv",14,Paid at,'Paid at' is not a date (got '31/13/2024'). Check the file's date format.\r\n` +
        `"orders, Jan.csv",20,,"'=HYPERLINK(""x"")"\r\n`,
    );
  });
});
