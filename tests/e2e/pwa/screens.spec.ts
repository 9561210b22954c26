import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, openDemo, screenshot } from './fixtures.ts';
import { sampleSizePerVariant } from '../../../core/analytics/ab.ts';

/** Opens a screen from the side navigation (as a user does) once the demo store is loaded. */
async function openScreen(page: Page, label: string): Promise<void> {
  await openDemo(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: label })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

/** The value text of a headline number card by its exact label. */
function kpi(page: Page, label: string) {
  return page
    .locator('.kpi', {
      has: page.locator('.kpi-label', { hasText: new RegExp(`^${escape(label)}$`) }),
    })
    .locator('.kpi-value');
}
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Clicks a button that downloads a CSV and returns its lines (without the trailing empty one). */
async function downloadCsv(page: Page, click: () => Promise<void>): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return readFileSync(path, 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
}

async function noSeriousA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

test('Customers: both returning definitions, cohort heatmap, RFM export, range changes numbers', async ({
  page,
}) => {
  await openScreen(page, 'Customers');
  await expect(kpi(page, 'Returning customer rate (period)')).toHaveText(/\d+(\.\d)?%/);
  await expect(kpi(page, 'Repeat purchase rate (lifetime)')).toHaveText(/\d+(\.\d)?%/);
  await expect(kpi(page, '12-month CLV')).toHaveText(/\$[\d,.]+/);
  // The period's numbers show their change vs the comparison period, as the Overview's do.
  const card = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}: `) });
  await expect(card('Customers')).toHaveAccessibleName(/, [+−-]?[\d.]+% vs comparison/);
  await expect(card('Customers').locator('.kpi-change')).toHaveText(/^[+−-][\d.]+%$/);
  await expect(card('Returning customer rate \\(period\\)')).toHaveAccessibleName(/vs comparison/);
  await page.getByLabel('Compare with').selectOption('none');
  await expect(card('Customers')).not.toHaveAccessibleName(/vs comparison/);
  await expect(card('Customers').locator('.kpi-change')).toHaveCount(0);
  await page.getByLabel('Compare with').selectOption('previous-period');

  // Cohort heatmap: a real table; month 0 is 100% for every cohort.
  const heat = page.getByRole('table', { name: /Cohort retention/ });
  await expect(heat).toBeVisible();
  const firstCells = heat.locator('tbody tr td:first-of-type');
  await expect(firstCells.first()).toHaveText('100%');
  expect(new Set(await firstCells.allTextContents())).toEqual(new Set(['100%']));
  // The table says how many of the cohorts it shows, and shows them all on request.
  const shown = page.getByRole('status').filter({ hasText: / cohorts\./ });
  await expect(shown).toContainText(/newest \d+ of \d+ cohorts/);
  const [, n, total] = /newest (\d+) of (\d+) cohorts/.exec((await shown.textContent())!)!;
  expect(Number(n)).toBeLessThan(Number(total));
  await expect(heat.locator('tbody tr')).toHaveCount(Number(n));
  await page.getByRole('button', { name: `Show all ${total} cohorts` }).click();
  await expect(page).toHaveURL(/cohorts=all/);
  await expect(heat.locator('tbody tr')).toHaveCount(Number(total));
  await expect(shown).toContainText(`Showing all ${total} cohorts.`);
  await page.getByRole('button', { name: 'Cumulative net sales per customer' }).click();
  await expect(
    page.getByRole('table', { name: /cumulative net sales per customer/ }),
  ).toBeVisible();
  await expect(page).toHaveURL(/cohort=value/);
  await expect(page.locator('.chart-plot canvas').first()).toBeVisible();

  // The date range changes the period's numbers.
  const customers = kpi(page, 'Customers');
  await expect(customers).toHaveText(/\d/);
  const before = await customers.textContent();
  await page.getByLabel('Quick period').selectOption('12m');
  await expect(customers).not.toHaveText(before ?? '');

  // Export one segment's customers: header and one row per customer of the segment.
  const select = page.getByLabel('Segment to export');
  await select.selectOption('Champions');
  const option = await select.locator('option:checked').textContent();
  const count = Number(/\(([\d,]+)\)/.exec(option ?? '')?.[1]?.replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  const lines = await downloadCsv(page, () =>
    page.getByRole('button', { name: 'Export customers of this segment (CSV)' }).click(),
  );
  expect(lines[0]).toBe('customer_key,segment,days_since_last_order,orders,net_sales,r,f,m');
  expect(lines.length - 1).toBe(count);
  // Champions: recency score 5 and frequency 4 or 5, whatever their monetary score.
  expect(lines[1]).toMatch(/,Champions,\d+,\d+,-?\d+\.\d\d,5,[45],[1-5]$/);

  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-customers-desktop');
});

test('Products & inventory: product table with export, stock lists, draft purchase order, product page', async ({
  page,
}) => {
  await openScreen(page, 'Products & inventory');
  await expect(kpi(page, 'Class A products')).toHaveText(/\d/);
  // The period's classes show their change vs the comparison period; stock is as of today (none).
  const card = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}: `) });
  await expect(card('Class A products')).toHaveAccessibleName(/, [+−-]?[\d.]+% vs comparison/);
  await expect(card('Stockouts coming')).not.toHaveAccessibleName(/vs comparison/);
  const table = page.getByRole('table', { name: 'Products', exact: true });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const rowsText = await page
    .locator('.table-wrap', { has: table })
    .locator('.table-tools .muted')
    .textContent();
  const rows = Number(rowsText?.replace(/\D/g, ''));
  expect(rows).toBeGreaterThan(10);
  const lines = await downloadCsv(page, () =>
    page.locator('.table-wrap', { has: table }).getByRole('button', { name: 'Export CSV' }).click(),
  );
  expect(lines[0]).toBe(
    'Product,SKU,Stock status,Net sales,Units,Margin,Margin %,ABC,Sell-through,Stock,Days of cover,Reorder point,Order suggestion,Vendor,Currency',
  );
  expect(lines.length - 1).toBe(rows);
  // The export holds what the screen shows: net sales in dollars (not cents with float noise),
  // margin % as a rounded fraction, the store currency in its own column.
  const first = table.locator('tbody tr').first().locator('td');
  const shownNet = Number((await first.nth(3).innerText()).replace(/[^\d.]/g, ''));
  const shownMarginPct = Number((await first.nth(6).innerText()).replace(/[^\d.]/g, ''));
  const cells = lines[1]!.split(',');
  expect(Number(cells[3])).toBe(shownNet);
  expect(cells[3]).toMatch(/^\d+\.\d{2}$/);
  expect(Math.abs(Number(cells[6]) * 100 - shownMarginPct)).toBeLessThanOrEqual(0.05);
  expect(cells.at(-1)).toBe('USD');

  // Filtering narrows the table.
  await page.getByLabel('Filter Products').fill('Socks');
  await expect(table.locator('tbody tr').first()).toContainText('Socks');

  // The date range changes the period's sales.
  const firstNet = table.locator('tbody tr').first().locator('td').nth(1);
  const before = await firstNet.textContent();
  await page.getByLabel('Quick period').selectOption('12m');
  await expect(firstNet).not.toHaveText(before ?? '');

  // Draft purchase order: edit a quantity, the export carries it.
  const po = page.getByRole('region', { name: 'Draft purchase orders' });
  const qty = po.getByRole('spinbutton').first();
  await expect(qty).toBeVisible();
  await qty.fill('123');
  const poLines = await downloadCsv(page, () =>
    po.getByRole('button', { name: 'Export purchase order (CSV)' }).click(),
  );
  expect(poLines[0]).toBe('vendor,sku,title,quantity,unit_cost,currency,line_cost');
  expect(poLines.length - 1).toBe(await po.locator('tbody tr').count());
  expect(poLines[1]).toMatch(/,123,/);

  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-products-desktop');

  // The product page: forecast chart and its backtest.
  await table.locator('tbody tr a').first().click();
  await expect(page).toHaveURL(/#\/products\/[^?]+/);
  // Seasonal naive and Holt-Winters always; Croston too when demand is intermittent.
  const backtest = page.getByRole('table', { name: 'Forecast backtest' });
  await expect(backtest.locator('tbody tr').nth(1)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Forecast backtest' })).toContainText(
    'Seasonal naive',
  );
  await expect(page.getByText(/Model: /)).toBeVisible();
  await expect(page.locator('.chart-plot canvas').first()).toBeVisible();
  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-product-detail-desktop');
});

test('Marketing & funnel: ROAS, MER, CAC, funnel steps with export, range changes numbers', async ({
  page,
}) => {
  await openScreen(page, 'Marketing & funnel');
  await expect(kpi(page, 'ROAS (last click)')).toHaveText(/\d×/);
  await expect(kpi(page, 'MER')).toHaveText(/\d×/);
  await expect(kpi(page, 'CAC')).toHaveText(/\$/);
  // Changes vs the comparison period: coloured by what is good (CAC down), spend left neutral.
  const card = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}: `) });
  for (const label of ['Ad spend', 'ROAS \\(last click\\)', 'MER', 'CAC'])
    await expect(card(label)).toHaveAccessibleName(/vs comparison/);
  await expect(card('Ad spend').locator('.kpi-change')).not.toHaveClass(/good|bad/);
  const cac = card('CAC').locator('.kpi-change');
  const cacText = (await cac.textContent())!;
  await expect(cac).toHaveClass(cacText.startsWith('+') ? /bad/ : /good/);
  const spend = kpi(page, 'Ad spend');
  const before = await spend.textContent();
  await page.getByLabel('Quick period').selectOption('90d');
  await expect(spend).not.toHaveText(before ?? '');

  const steps = page.getByRole('table', { name: 'Funnel steps' });
  await expect(steps.locator('tbody tr')).toHaveCount(5);
  const lines = await downloadCsv(page, () =>
    page.locator('.table-wrap', { has: steps }).getByRole('button', { name: 'Export CSV' }).click(),
  );
  expect(lines[0]).toBe('Step,Sessions,Of all sessions,From previous step,Drop-off');
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
    'Sessions',
    'Viewed a product',
    'Added to cart',
    'Reached checkout',
    'Purchased',
  ]);
  await expect(page.locator('.chart-plot canvas').first()).toBeVisible();
  // A conversion rate that barely moves is not stretched over the whole plot: the y range spans at
  // least a quarter of its level.
  const conv = page.getByRole('figure', { name: /^Conversion rate \(purchases ÷ sessions\) per / });
  const convPlot = conv.locator('.chart-plot');
  await expect(convPlot).toHaveAttribute('data-y-range', /^[\d.e-]+,[\d.e-]+$/);
  const [ylo, yhi] = (await convPlot.getAttribute('data-y-range'))!.split(',').map(Number) as [
    number,
    number,
  ];
  expect(ylo).toBeGreaterThanOrEqual(0);
  expect(yhi - ylo).toBeGreaterThanOrEqual(0.25 * yhi * 0.999);
  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-marketing-desktop');
});

test('Experiments: list, detail with SRM warning, planning calculator, a test entered by hand', async ({
  page,
}) => {
  await openScreen(page, 'Experiments');
  const list = page.getByRole('table', { name: 'A/B tests' });
  await expect(list.locator('tbody tr').first()).toBeVisible();

  // The calculator gives the textbook sample size (two-sided z-test, 95% confidence, 80% power).
  const calc = page.getByRole('region', { name: 'Plan a test' });
  await calc.getByLabel('Baseline conversion rate (%)').fill('3');
  await calc.getByLabel('Smallest lift worth detecting (% relative)').fill('20');
  const expected = sampleSizePerVariant(0.03, 0.2);
  await expect(calc.getByTestId('sample-size')).toHaveText(expected.toLocaleString('en-US'));
  await calc.getByLabel('Power').selectOption('0.9');
  await expect(calc.getByTestId('sample-size')).toHaveText(
    sampleSizePerVariant(0.03, 0.2, 0.05, 0.9).toLocaleString('en-US'),
  );
  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-experiments-desktop');

  // The demo store holds one test with a broken split: its page warns.
  const srmRow = list.locator('tbody tr', { hasText: 'Sample ratio mismatch' }).first();
  await srmRow.getByRole('link').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Sample ratio mismatch' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Variants' }).locator('tbody tr')).not.toHaveCount(
    0,
  );
  await expect(page.getByRole('table', { name: 'Comparisons against control' })).toContainText('%');
  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-experiment-detail-desktop');

  // Enter a test by hand: a validation error first, then a saved test with its verdict.
  await page.getByRole('link', { name: '← All tests' }).click();
  const form = page.getByRole('region', { name: 'Enter a test by hand' });
  await form.getByLabel('Name', { exact: true }).fill('Free shipping banner');
  await form.getByLabel('Start date').fill('2026-10-01');
  const visitors = form.getByLabel('Visitors', { exact: true });
  const conversions = form.getByLabel('Conversions', { exact: true });
  await visitors.nth(0).fill('10000');
  await conversions.nth(0).fill('300');
  await form.getByRole('button', { name: 'Save the test' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'Variant 2 (Variant B): visitors must be a whole number of 0 or more.',
  );
  await visitors.nth(1).fill('10000');
  await conversions.nth(1).fill('20000');
  await form.getByRole('button', { name: 'Save the test' }).click();
  await expect(form.getByRole('alert')).toContainText('conversions (20000) cannot exceed visitors');
  await conversions.nth(1).fill('380');
  await form.getByRole('button', { name: 'Save the test' }).click();
  await expect(page).toHaveURL(/#\/experiments\/manual-/);
  await expect(page.getByRole('heading', { name: 'Free shipping banner' })).toBeVisible();
  await expect(page.locator('.verdict-text')).toContainText(/\S/);
  await expect(page.getByRole('table', { name: 'Variants' }).locator('tbody tr')).toHaveCount(2);
});

test('Overview: forecast band, targets and pace, alerts, top products', async ({ page }) => {
  await openDemo(page);
  const top = page.getByRole('region', { name: 'Top products by units sold' });
  const items = top.getByRole('listitem');
  await expect(items).toHaveCount(5);
  const units = (await items.locator('.num').allTextContents()).map((t) =>
    Number(t.replace(/[^0-9]/g, '')),
  );
  expect(units[0]).toBeGreaterThan(0);
  expect([...units].sort((a, b) => b - a)).toEqual(units);
  await expect(page.getByText(/Forecast for the next 14 days/)).toBeVisible();
  const targets = page.getByRole('table', { name: 'Targets and pace' });
  await expect(targets.locator('tbody tr').first()).toContainText(/Net sales|Orders|Total sales/);
  await expect(targets).toContainText(/on track|behind/);
  await expect(page.getByRole('region', { name: 'Needs your attention' })).toContainText(
    /Stockouts coming|Overstock|Experiment/,
  );
  await noSeriousA11yViolations(page);
  await screenshot(page, 'pwa-overview-extras-desktop');
  // The best seller opens its product page for the same period.
  const best = items.first().getByRole('link');
  const title = (await best.textContent())!;
  await best.click();
  await expect(page).toHaveURL(/#\/products\/[^?]+/);
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
});

test('the Overview and Products count "stockouts coming" the same way', async ({ page }) => {
  await openDemo(page);
  const alert = page
    .getByRole('region', { name: 'Needs your attention' })
    .getByRole('link', { name: /^Stockouts coming: / });
  const overviewCount = Number(
    (await alert.textContent())!.match(/Stockouts coming: ([\d,]+)/)![1]!.replace(/,/g, ''),
  );
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Products' })
    .click();
  await expect(kpi(page, 'Stockouts coming')).toHaveText(String(overviewCount));
});

test('Sales: bars per month start at zero; the daily line follows the data', async ({ page }) => {
  await openScreen(page, 'Sales');
  const plot = page.getByRole('figure', { name: /^Net sales per / }).locator('.chart-plot');
  const yRange = async () =>
    (await plot.getAttribute('data-y-range'))!.split(',').map(Number) as [number, number];
  await page.getByRole('group', { name: 'Grain' }).getByRole('button', { name: 'Month' }).click();
  await expect(page.getByRole('heading', { name: 'Net sales per month' })).toBeVisible();
  await expect(plot).toHaveAttribute('data-y-range', /^0,/);
  const [min, max] = await yRange();
  expect(min).toBe(0);
  expect(max).toBeGreaterThan(0);
  // One bar per month, labelled by its month (not by hours of a time axis); the chart's CSV has a
  // row per month and none for the empty room beside the edge bars.
  const chart = page.getByRole('region', { name: 'Net sales per month' });
  const lines = await downloadCsv(page, () => chart.getByRole('button', { name: 'CSV' }).click());
  expect(lines[0]).toBe('month,Net sales,Comparison period,Currency');
  // Money in dollars with cents, as on the axis; never cents with float noise.
  for (const l of lines.slice(1)) expect(l.split(',')[1]).toMatch(/^\d+\.\d{2}$/);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Oct 2026', 'Nov 2026']);
  // Hovering the second bar names its month: the plot labels with the data it now shows, not the
  // daily series it was first drawn for.
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * (2 / 3), box.y + box.height / 2);
  await expect(chart.locator('.chart-legend')).toContainText('Nov 2026 · Net sales:');
  await screenshot(page, 'pwa-sales-month-desktop');
  await page.getByRole('group', { name: 'Grain' }).getByRole('button', { name: 'Day' }).click();
  await expect(page.getByRole('heading', { name: 'Net sales per day' })).toBeVisible();
  await expect(plot).not.toHaveAttribute('data-y-range', /^0,/);
});

test('every analysis screen fits a 390 px phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openDemo(page);
  const shots: [string, string, string][] = [
    ['Customers', '#/customers', 'pwa-customers-phone'],
    ['Products & inventory', '#/products', 'pwa-products-phone'],
    ['Marketing & funnel', '#/marketing', 'pwa-marketing-phone'],
    ['Experiments', '#/experiments', 'pwa-experiments-phone'],
  ];
  for (const [label, hash, name] of shots) {
    await page.evaluate((h) => (location.hash = h), hash);
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
    // Wait for the numbers, not the loading state.
    await expect(page.locator('.kpi-value.loading')).toHaveCount(0, { timeout: 30_000 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${label} scrolls sideways`).toBeLessThanOrEqual(0);
    await screenshot(page, name);
  }
  await page.evaluate(() => (location.hash = '#/overview'));
  await expect(page.getByRole('table', { name: 'Targets and pace' })).toBeVisible();
  // Every target's run rate, forecast and gap is in view on the phone, not behind a scroll.
  const targets = page.getByRole('table', { name: 'Targets and pace' });
  for (const label of ['Run rate', 'Forecast', 'Gap']) {
    const cell = targets.locator(`td[data-label="${label}"]`).first();
    await expect(cell).toBeVisible();
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width, `${label} is within the window`).toBeLessThanOrEqual(390);
  }
  await screenshot(page, 'pwa-overview-phone');
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
});
