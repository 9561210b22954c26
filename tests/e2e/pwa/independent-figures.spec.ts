// Marketing and Experiments against figures counted apart from the app: the expected values are
// written here by hand, from tests/fixtures/marketing/expected.py and
// tests/fixtures/experiments/expected.py (plain Python over the fixture CSVs, no project code); each
// test also checks that the script's expected.json still says so.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, openDemo, screenshot } from './fixtures.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(fixtures + path, 'utf8'));

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true });
const card = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}: `) });
const cells = (page: Page, table: string, row: RegExp) =>
  page.getByRole('table', { name: table }).getByRole('row', { name: row }).getByRole('cell');

test('Marketing of an imported store: spend, attributed revenue, ROAS, MER and CAC as counted by expected.py', async ({
  page,
}) => {
  const e = json('marketing/expected.json');
  const dir = fixtures + 'marketing/';
  await openDemo(page);
  await nav(page, 'Import').click();
  await page
    .locator('#imp-files')
    .setInputFiles([dir + 'orders.csv', dir + 'google-ads.csv', dir + 'meta-ads.csv']);
  // The orders file names its currency per row; the store currency is asked, never assumed.
  await page.getByLabel('Reporting currency').fill('USD');
  await page.getByRole('button', { name: 'Import 3 files' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

  // 1–14 March 2024, compared with the 14 days before, typed in as a manager does.
  await nav(page, 'Marketing & funnel').click();
  await page.getByLabel('From', { exact: true }).fill('2024-03-01');
  await page.getByLabel('To', { exact: true }).fill('2024-03-14');
  await expect(page).toHaveURL(/from=2024-03-01&to=2024-03-14/);
  expect(e.range).toEqual(['2024-03-01', '2024-03-14']);

  const value = (label: string) => card(page, label).locator('.kpi-value');
  await expect(value('Ad spend')).toHaveText('$1,029.35');
  expect(e.spend).toBe(1029.35);
  // 1,029.35 against 1,012.85 the 14 days before: +1.6%.
  await expect(card(page, 'Ad spend').locator('.kpi-change')).toHaveText('+1.6%');
  expect([e.previousSpend, e.spendChange]).toEqual([1012.85, 0.016]);
  // 475.00 attributed (Paid search 185 + Paid shopping 130 + Paid social 160) ÷ 1,029.35.
  await expect(value('ROAS (last click)')).toHaveText('0.46×');
  await expect(card(page, 'ROAS (last click)')).toContainText('$475.00 attributed');
  await expect(card(page, 'ROAS (last click)').locator('.kpi-change')).toHaveText('+567.7%');
  expect([e.attributedRevenue, e.roas, e.roasChange]).toEqual([475, 0.46, 5.677]);
  // 560.00 total sales of all ten orders of the period ÷ 1,029.35.
  await expect(value('MER')).toHaveText('0.54×');
  await expect(card(page, 'MER')).toContainText('$560.00 total sales');
  expect([e.totalSales, e.mer]).toEqual([560, 0.54]);
  // 1,029.35 ÷ 7 first-time customers (alice, carol and bob had ordered before or earlier).
  await expect(value('CAC')).toHaveText('$147.05');
  await expect(card(page, 'CAC')).toContainText('7 new customers');
  expect([e.newCustomers, e.cac]).toEqual([7, 147.05]);

  // By channel: Spend, Attributed revenue, ROAS, Orders, New customers, CAC.
  const byChannel = 'Marketing by channel';
  const first6 = async (row: RegExp) =>
    (await cells(page, byChannel, row).allInnerTexts()).slice(1, 7);
  await expect(cells(page, byChannel, /^Paid search /).nth(1)).toHaveText('$232.10');
  expect(await first6(/^Paid search /)).toEqual([
    '$232.10',
    '$185.00',
    '0.80×',
    '2',
    '2',
    '$116.05',
  ]);
  expect(e.byChannel['Paid search']).toEqual({
    spend: 232.1,
    revenue: 185,
    orders: 2,
    newCustomers: 2,
    roas: 0.8,
    cac: 116.05,
  });
  // Both shopping orders came from returning customers: no CAC to show.
  expect(await first6(/^Paid shopping /)).toEqual(['$375.30', '$130.00', '0.35×', '2', '0', '—']);
  expect(e.byChannel['Paid shopping']).toMatchObject({ spend: 375.3, revenue: 130, cac: null });
  expect(await first6(/^Paid social /)).toEqual([
    '$421.95',
    '$160.00',
    '0.38×',
    '4',
    '3',
    '$140.65',
  ]);
  expect(e.byChannel['Paid social']).toMatchObject({ spend: 421.95, revenue: 160, cac: 140.65 });
  // utm_campaign "brand - search" meets the Google Ads campaign "Brand - Search".
  const brand = cells(page, 'Marketing by campaign', /Brand - Search/);
  await expect(brand.nth(2)).toHaveText('$232.10');
  await expect(brand.nth(3)).toHaveText('$185.00');
  expect(e.brandSearch).toEqual({ spend: 232.1, revenue: 185, orders: 2 });

  // Explain ROAS: the attributed and the rest (the newsletter and untagged orders, 45 + 40).
  await card(page, 'ROAS (last click)').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('row', { name: /^Attributed revenue/ })).toContainText('$475.00');
  await expect(dialog.getByRole('row', { name: /^Not attributed/ })).toContainText('$85.00');
  await page.keyboard.press('Escape');
  // No GA4 import: the funnel says what to import.
  await expect(page.getByRole('heading', { name: 'No traffic data imported' })).toBeVisible();
  await screenshot(page, 'pwa-marketing-imported-desktop');

  // The Overview's explain names what was never imported instead of showing "Sessions 0".
  await nav(page, 'Overview').click();
  await expect(card(page, 'Conversion rate')).toContainText(
    'not imported — import GA4 sessions to see this',
  );
  await expect(card(page, 'Conversion rate').locator('.kpi-value')).toHaveText('—');
  // A figure never imported has no change either (it read "— not imported —").
  await expect(card(page, 'Conversion rate').locator('.kpi-change')).toHaveCount(0);
  await card(page, 'Net sales').click();
  await expect(dialog.getByRole('row', { name: /^Sessions/ })).toContainText(
    'not imported — import GA4 sessions to see this',
  );
  await expect(dialog.getByRole('row', { name: /^Ad spend/ })).toContainText('$1,029.35');
  await expect(dialog.getByRole('row', { name: /^Discounts/ })).toContainText(
    /^Discounts\s*\$0\.00$/,
  );
  await page.keyboard.press('Escape');
});

test('Experiments: a test from its tool report, its rates, lift, p-value and verdict as expected.py computes them', async ({
  page,
}) => {
  const e = json('experiments/expected.json');
  // tests/fixtures/experiments/free-shipping-banner.csv
  const [, control, variant] = readFileSync(
    fixtures + 'experiments/free-shipping-banner.csv',
    'utf8',
  )
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  await openDemo(page);
  await nav(page, 'Experiments').click();
  const form = page.getByRole('region', { name: 'Enter a test by hand' });
  await form.getByLabel('Name', { exact: true }).fill('Free shipping banner');
  await form.getByLabel('Start date').fill('2026-10-01');
  await form.getByLabel('Planned visitors per variant (optional)').fill('12000');
  for (const [k, arm] of [control!, variant!].entries()) {
    await form.getByLabel(`Variant ${k + 1} name`).fill(arm[0]!);
    await form.getByLabel('Visitors', { exact: true }).nth(k).fill(arm[1]!);
    await form.getByLabel('Conversions', { exact: true }).nth(k).fill(arm[2]!);
  }
  await form.getByRole('button', { name: 'Save the test' }).click();
  await expect(page).toHaveURL(/#\/experiments\/manual-/);

  // Rates and Wilson intervals: 374 / 12,480 = 3.00% (2.71%–3.31%), 451 / 12,515 = 3.60% (3.29%–3.94%).
  expect(e.control.rate).toBeCloseTo(0.029968, 6);
  expect(e.control.wilson[0]).toBeCloseTo(0.027118, 6);
  expect(e.control.wilson[1]).toBeCloseTo(0.033107, 6);
  expect(e.variant.rate).toBeCloseTo(0.036037, 6);
  expect(e.variant.wilson[0]).toBeCloseTo(0.032911, 6);
  expect(e.variant.wilson[1]).toBeCloseTo(0.039447, 6);
  const variants = page.getByRole('table', { name: 'Variants' });
  await expect(variants.getByRole('row', { name: /^Control / })).toContainText('3.00%');
  await expect(variants.getByRole('row', { name: /^Control / })).toContainText('2.71% – 3.31%');
  await expect(variants.getByRole('row', { name: /^Free shipping banner / })).toContainText(
    '3.60%',
  );
  await expect(variants.getByRole('row', { name: /^Free shipping banner / })).toContainText(
    '3.29% – 3.94%',
  );

  // Lift +20.3% (+5.1% to +37.6%), 0.61 pts, z = 2.685, p = 0.0072, chance to beat 99.6%.
  expect(e.relativeLift).toBeCloseTo(0.20251, 5);
  expect(e.relativeLiftCi[0]).toBeCloseTo(0.05085, 5);
  expect(e.relativeLiftCi[1]).toBeCloseTo(0.376058, 5);
  expect(e.absoluteLiftPts).toBeCloseTo(0.60688, 5);
  expect(e.pValue).toBeCloseTo(0.0072472, 7);
  expect(e.chanceToBeat).toBeCloseTo(0.99638, 4);
  const vs = page
    .getByRole('table', { name: 'Comparisons against control' })
    .getByRole('row', { name: /^Free shipping banner / })
    .getByRole('cell');
  expect((await vs.allInnerTexts()).slice(0, 6)).toEqual([
    'Free shipping banner',
    '+20.3%',
    '+5.1% to +37.6%',
    '0.61 pts',
    '0.0072',
    '99.6%',
  ]);
  // Both arms past the planned 12,000 and p < 0.05: the banner wins.
  expect(e.significant).toBe(true);
  await expect(page.locator('.verdict-text')).toHaveText(
    'Free shipping banner wins: conversion 20.3% higher than Control (5.1% to 37.6%), p = 0.0072.',
  );
  await screenshot(page, 'pwa-experiment-entered-desktop');
});
