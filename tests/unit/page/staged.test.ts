// The reader analyses in tasks of a few ms (analyzePageStaged) so the storefront stays responsive;
// it must give exactly analyzePage's answer and really hand the thread back.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzePage, analyzePageStaged, type PageAnalysis } from '../../../core/page/index.ts';
import { makeLargeProductPage } from '../../fixtures/pages/large.ts';
import { parse } from './helpers.ts';

const realDir = fileURLToPath(new URL('../../fixtures/real/pages/', import.meta.url));
const fixtureDir = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));
const pages = [
  ...readdirSync(realDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => ({ name: `real/${f}`, html: readFileSync(realDir + f, 'utf8') })),
  ...readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => ({ name: f, html: readFileSync(fixtureDir + f, 'utf8') })),
];
const url = 'https://shop.example/products/item?variant=1';
const NOW = Date.parse('2026-11-27T00:00:00Z');

/** The analysis without its timings (how long it took differs from run to run). */
function withoutTimings(a: PageAnalysis) {
  const { timings, ...rest } = a;
  return { ...rest, truncated: timings.truncated };
}

describe('analyzePageStaged', () => {
  it.each(pages)('gives analyzePage’s exact analysis of $name', async ({ html }) => {
    const extras = { rawHtml: html, status: 200, now: NOW };
    const sync = analyzePage(parse(html), url, extras);
    let pauses = 0;
    const staged = await analyzePageStaged(parse(html), url, extras, {
      sliceMs: 0,
      pause: async () => void pauses++,
    });
    expect(withoutTimings(staged)).toEqual(withoutTimings(sync));
    expect(pauses).toBeGreaterThan(10);
    expect(staged.timings.tasks).toBe(pauses + 1);
  });

  it('reads the 1 MB bench page in many short tasks with the product found, and lets other tasks run between them', async () => {
    const html = makeLargeProductPage(1_000_000);
    const extras = { rawHtml: html, now: NOW };
    const sync = analyzePage(
      parse(html),
      'https://fieldhouse.example/products/merino-crew',
      extras,
    );
    // Something else the page wants to do meanwhile: a task queued again and again.
    let done = false;
    let otherTasks = 0;
    const other = () => {
      otherTasks++;
      if (!done) setTimeout(other, 0);
    };
    setTimeout(other, 0);
    const staged = await analyzePageStaged(
      parse(html),
      'https://fieldhouse.example/products/merino-crew',
      extras,
      { sliceMs: 0 },
    );
    done = true;
    expect(withoutTimings(staged)).toEqual(withoutTimings(sync));
    expect(staged.products[0]?.name?.value).toBe('Merino Crew Sweater');
    expect(staged.products[0]?.price).toEqual({ value: 120, source: 'json-ld' });
    expect(staged.timings.tasks).toBeGreaterThan(20);
    expect(otherTasks).toBeGreaterThan(0);
    // The work is the analysis, not the waiting between tasks.
    expect(staged.timings.longestTaskMs).toBeLessThanOrEqual(staged.timings.ms);
  });

  it('counts a word cut by a step boundary once (the body text is counted 128 K characters a step)', async () => {
    // 30,000 six-character tokens: 180,000 characters, the first boundary falls inside a word.
    const doc = parse(
      `<html lang="en"><body><p>${'lorem '.repeat(30_000)}</p><script>var x = "not copy";</script></body></html>`,
    );
    const staged = await analyzePageStaged(doc, url, {}, { sliceMs: 0, pause: async () => {} });
    expect(staged.seo.wordCount).toBe(30_000);
    expect(analyzePage(doc, url).seo.wordCount).toBe(30_000);
  });

  it('with the default slice still gives the thread back on a large page', async () => {
    const html = makeLargeProductPage(1_000_000);
    let pauses = 0;
    const staged = await analyzePageStaged(
      parse(html),
      url,
      {},
      { pause: async () => void pauses++ },
    );
    expect(pauses).toBeGreaterThan(0);
    expect(staged.timings.tasks).toBe(pauses + 1);
  });
});
