import { test, expect, openDemo } from './fixtures.ts';

test('filters and comparison go on and off, link filters can be removed, back/forward restore', async ({
  page,
}) => {
  await openDemo(page, '#/overview?from=2026-01-01&to=2026-12-31');
  const orders = page.getByRole('button', { name: /^Orders: (?!loading)/ }).locator('.kpi-value');
  await expect(orders).toHaveText(/\d/);
  const all = (await orders.textContent()) ?? '';
  await page.locator('.filters summary').click();
  const channel = page.locator('.filter-panel fieldset').first();
  const boxes = channel.getByRole('checkbox');
  const first = (await channel.locator('label').first().textContent())?.trim() ?? '';
  await boxes.nth(0).check();
  await expect(orders).not.toHaveText(all);
  const one = (await orders.textContent()) ?? '';
  await boxes.nth(1).check();
  await expect(orders).not.toHaveText(one);
  await expect(page.locator('.filters summary')).toHaveText('Filters (2)');
  // Unticking works after two clicks.
  await boxes.nth(1).uncheck();
  await expect(orders).toHaveText(one);
  await expect(page.locator('.filters summary')).toHaveText('Filters (1)');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(orders).toHaveText(all);
  await expect(page.locator('.filters summary')).toHaveText('Filters');
  // Back restores the filtered view, forward the cleared one.
  await page.goBack();
  await expect(orders).toHaveText(one);
  await page.goForward();
  await expect(orders).toHaveText(all);

  // A filter that came in a link shows as a chip and can be removed from the keyboard.
  await page.goto(
    `${page.url().split('#')[0]}#/overview?from=2026-01-01&to=2026-12-31&ch=${encodeURIComponent(first)}`,
  );
  await expect(orders).toHaveText(one);
  const chip = page.getByRole('button', { name: `Remove filter Channel: ${first}` });
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(orders).toHaveText(all);
  await expect(chip).toHaveCount(0);
  await page.getByRole('link', { name: 'Sales', exact: true }).click();
  expect(page.url()).not.toContain('ch=');

  // "No comparison" switches back.
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  const cmp = page.getByLabel('Compare with');
  const change = page.locator('.kpi-change').first();
  await expect(change).toHaveText(/\d/);
  await cmp.selectOption('none');
  // Without a comparison the cards show no change at all.
  await expect(page.locator('.kpi-change')).toHaveCount(0);
  await cmp.selectOption('previous-period');
  await expect(cmp).toHaveValue('previous-period');
  await expect(change).toHaveText(/\d/);
  expect(page.url()).not.toContain('cmp=');
});
