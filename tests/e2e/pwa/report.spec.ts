import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openDemo, test } from './fixtures.ts';

const SHOTS = '/work/shots/report';

/** The first page's size in points, from the PDF's MediaBox (A4 is 595 × 842, Letter 612 × 792). */
function pdfPageSize(path: string): [number, number] {
  const m = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(readFileSync(path, 'latin1'));
  expect(m, 'a MediaBox in the PDF').not.toBeNull();
  return [Math.round(Number(m![1])), Math.round(Number(m![2]))];
}

/** The value part of a KPI button's accessible name ("Net sales: $12,345.67, +3.1% vs …"). */
async function kpiValue(page: Page, label: string): Promise<string> {
  const name = await page
    .getByRole('button', { name: new RegExp(`^${label}: (?!loading)\\S*\\d`) })
    .first()
    .getAttribute('aria-label');
  const m = /^[^:]+: (.+?)(?:, [+−-]|, new| \(|\. Explain)/.exec(name ?? '');
  expect(m, `KPI name: ${name}`).not.toBeNull();
  return m![1]!;
}

test('the monthly report: month KPIs match the Overview, commentary is kept, it prints', async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await openDemo(page);

  // One click from the Overview: the month picker defaults to the last full month (the demo's
  // data ends on 25 November 2026, so October 2026).
  const picker = page.getByRole('combobox', { name: 'Report month' });
  await expect(picker).toHaveValue('2026-10');
  await page.getByRole('link', { name: 'Monthly report' }).click();
  await expect(page).toHaveURL(/#\/report\?month=2026-10$/);
  await expect(
    page.getByRole('heading', { level: 2, name: 'Monthly report: October 2026' }),
  ).toBeVisible();
  const reportNet = await kpiValue(page, 'Net sales');
  const reportOrders = await kpiValue(page, 'Orders');

  // The Overview over the same days shows the same numbers.
  await page.evaluate(
    () => (location.hash = '#/overview?from=2026-10-01&to=2026-10-31&cmp=previous-year'),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect.poll(async () => kpiValue(page, 'Net sales')).toBe(reportNet);
  expect(await kpiValue(page, 'Orders')).toBe(reportOrders);
  expect(reportNet).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);

  // Sales links to the report too, for the month picked there.
  await page.evaluate(() => (location.hash = '#/sales'));
  await page.getByRole('combobox', { name: 'Report month' }).selectOption('2026-09');
  await page.getByRole('link', { name: 'Monthly report' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Monthly report: September 2026' }),
  ).toBeVisible();

  // Back to October: the report's sections are filled.
  await page.evaluate(() => (location.hash = '#/report?month=2026-10'));
  await expect(
    page.getByRole('heading', { level: 2, name: 'Monthly report: October 2026' }),
  ).toBeVisible();
  const top = page.locator('section', { has: page.getByRole('heading', { name: 'Top products' }) });
  await expect(top.locator('tbody tr')).toHaveCount(5);
  const falling = page.locator('section', {
    has: page.getByRole('heading', { name: 'Falling products' }),
  });
  await expect(falling.locator('tbody tr, p.muted').first()).toBeVisible();
  // Every falling product's change is a loss.
  for (const cell of await falling.locator('tbody td:last-child').allInnerTexts())
    expect(cell).toMatch(/^[-−]\$/);
  await expect(
    page.locator('section', { has: page.getByRole('heading', { name: 'Inventory risks' }) }),
  ).not.toContainText('Checking stock');
  await expect(
    page.locator('section', { has: page.getByRole('heading', { name: 'Experiments called' }) }),
  ).not.toContainText('Reading tests');

  // Commentary: typed, saved, kept after a reload, and only for its month.
  const words = 'October: the autumn sale carried the month; jackets sold out early.';
  const box = page.getByRole('textbox', { name: /Your own words for October 2026/ });
  await box.fill(words);
  await page.getByRole('button', { name: 'Save commentary' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Commentary saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: /Your own words for October 2026/ })).toHaveValue(
    words,
  );
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-09');
  await expect(
    page.getByRole('textbox', { name: /Your own words for September 2026/ }),
  ).toHaveValue('');
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-10');
  await expect(page.getByRole('textbox', { name: /Your own words for October 2026/ })).toHaveValue(
    words,
  );
  await expect(top.locator('tbody tr')).toHaveCount(5);
  await page.screenshot({ path: `${SHOTS}/report-screen.png`, fullPage: true });

  // Print: no nav, header or controls; the report and the commentary's text remain.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeHidden();
  await expect(page.locator('header.topbar')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / save as PDF' })).toBeHidden();
  await expect(page.getByRole('textbox')).toBeHidden();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Monthly report: October 2026' }),
  ).toBeVisible();
  await expect(page.getByText(words)).toBeVisible();
  await expect(top).toBeVisible();
  await expect(page.getByRole('button', { name: /^Net sales: / })).toContainText(reportNet);
  await page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
  await page.pdf({
    path: `${SHOTS}/report-a4.pdf`,
    preferCSSPageSize: true,
    printBackground: true,
  });
  expect(pdfPageSize(`${SHOTS}/report-a4.pdf`)).toEqual([595, 842]);

  // Letter paper sets the page size the browser prints with.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('combobox', { name: 'Paper' }).selectOption('letter');
  await expect(page).toHaveURL(/paper=letter/);
  await page.pdf({
    path: `${SHOTS}/report-letter.pdf`,
    preferCSSPageSize: true,
    printBackground: true,
  });
  expect(pdfPageSize(`${SHOTS}/report-letter.pdf`)).toEqual([612, 792]);
});

test('the report of a month without data says what to do', async ({ page }) => {
  await openDemo(page);
  await page.evaluate(() => (location.hash = '#/report?month=2019-01'));
  await expect(page.getByRole('heading', { name: 'No orders in January 2019' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'import the orders export' })).toBeVisible();
});
