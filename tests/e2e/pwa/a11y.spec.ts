// Accessibility of the screens not covered by screens.spec.ts: axe finds no serious or critical
// violations on Overview, Sales, Competitors (with a product's history open), SEO, Import, Settings.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, openDemo } from './fixtures.ts';

const screens = [
  { name: 'Overview', ready: /^Net sales: (?!loading)/ },
  { name: 'Sales', ready: 'Sales by channel' },
  { name: 'Competitors', ready: 'Tracked products' },
  { name: 'SEO', ready: 'No SEO audits on this device yet' },
  { name: 'Import', ready: 'Import history' },
  { name: 'Settings', ready: 'Monthly targets' },
] as const;

for (const s of screens) {
  test(`${s.name}: no serious or critical accessibility violations`, async ({ page }) => {
    await openDemo(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: s.name, exact: true })
      .click();
    if (typeof s.ready === 'string')
      await expect(page.getByRole('heading', { name: s.ready })).toBeVisible();
    else await expect(page.getByRole('button', { name: s.ready })).toBeVisible();
    if (s.name === 'Competitors') {
      await page
        .getByRole('table', { name: 'Tracked competitor products' })
        .getByRole('row')
        .nth(1)
        .click();
      await expect(page.getByRole('img', { name: /Price history of/ })).toBeVisible();
    }
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
      );
    expect(bad).toEqual([]);
  });
}
