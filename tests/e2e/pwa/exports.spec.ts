import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, openDemo, test } from './fixtures.ts';

test('a chart PNG carries its title, period, comparison, filters, legend and store', async ({
  page,
}) => {
  // Record the text drawn on canvases: the PNG's caption is drawn with fillText.
  await page.addInitScript(() => {
    const drawn: string[] = [];
    (window as unknown as { __drawn: string[] }).__drawn = drawn;
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, x, y, w) {
      drawn.push(String(text));
      return fill.call(this, text, x, y, w);
    };
  });
  await openDemo(page);
  await page.evaluate(
    () => (location.hash = '#/sales?from=2026-10-01&to=2026-10-31&cmp=previous-year&ch=Email'),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Sales' })).toBeVisible();
  const chart = page
    .locator('section.card', { has: page.getByRole('heading', { name: /^Net sales per/ }) })
    .first();
  const heading = (await chart.getByRole('heading').first().innerText()).trim();
  await page.evaluate(() => ((window as unknown as { __drawn: string[] }).__drawn.length = 0));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'PNG' }).click(),
  ]);
  const png = readFileSync(await download.path());
  mkdirSync('tests/artifacts', { recursive: true });
  writeFileSync('tests/artifacts/pwa-sales-chart-export.png', png);
  // A real PNG, taller than the bare plot: the caption band sits above it.
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const height = png.readUInt32BE(20);
  const plotHeight = await chart
    .locator('canvas')
    .first()
    .evaluate((c) => (c as HTMLCanvasElement).height);
  expect(height).toBeGreaterThan(plotHeight);
  const text = (
    await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn)
  ).join(' ');
  expect(text).toContain(heading);
  expect(text).toContain('Storelens demo store');
  expect(text).toMatch(/Oct 1, 2026.*Oct 31, 2026|1 Oct 2026.*31 Oct 2026/);
  expect(text).toContain('same days last year');
  expect(text).toContain('channel: Email');
  expect(text).toContain('Net sales');
});
