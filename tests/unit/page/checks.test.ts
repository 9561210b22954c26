// The page-check registry (issue 12 point 3): registry and docs agree, every finding the analysers
// emit is a registered check, and a check added through the registry flows into the results.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  analyzePage,
  auditSeo,
  CHECK_IDS,
  checksMarkdown,
  PAGE_CHECKS,
  SEO_CHECK_LIST,
} from '../../../core/page/index.ts';
import type { SeoCheck } from '../../../core/page/index.ts';
import { loadPage, parse } from './helpers.ts';

const readme = readFileSync(
  fileURLToPath(new URL('../../../core/page/README.md', import.meta.url)),
  'utf8',
);
const rows = (md: string) =>
  md
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('page-check registry', () => {
  it('the README table is the registry, row for row', () => {
    const m = /<!-- checks:start -->\n([\s\S]*?)\n<!-- checks:end -->/.exec(readme);
    expect(m).not.toBeNull();
    expect(rows(m![1]!)).toEqual(rows(checksMarkdown()));
  });
  it('every check has a one-line doc, a severity, and advice checks never carry a Lighthouse id', () => {
    for (const id of CHECK_IDS) {
      const c = PAGE_CHECKS[id];
      expect(c.id).toBe(id);
      expect(c.doc.length).toBeGreaterThan(10);
      expect(c.doc).not.toMatch(/\n/);
      if (c.lighthouse) expect(c.severity).toBe('failing');
    }
  });
  it('every finding the analysers emit on the fixture pages is a registered check, with its severity', () => {
    const pages = [
      'shopify-product.html',
      'woocommerce-variable.html',
      'magento-product.html',
      'seo-problems.html',
      'missing-currency.html',
      'collection-several-products.html',
    ];
    const seen = new Set<string>();
    for (const name of pages) {
      const { doc } = loadPage(name);
      const a = analyzePage(doc, 'https://shop.example/products/x', { status: 200 });
      for (const f of [...a.seo.findings, ...a.merchant]) {
        expect(CHECK_IDS as string[]).toContain(f.id);
        expect(f.severity).toBe(PAGE_CHECKS[f.id as keyof typeof PAGE_CHECKS].severity);
        seen.add(f.id);
      }
    }
    // The fixture pages exercise most of the registry (the rest need broken or huge pages).
    expect(seen.size).toBeGreaterThan(30);
  });
  it('a check added through the registry runs, is listed in the panel order, and counts in the score as a Lighthouse audit', () => {
    const fixtureCheck: SeoCheck = {
      id: 'fixture-has-buy-button',
      lighthouse: 'fixture-audit',
      severity: 'failing',
      weight: 1,
      area: 'seo',
      doc: 'A test check: the page has a buy button.',
      run: (ctx) => ({
        id: 'fixture-has-buy-button',
        status: ctx.scan.doc.querySelector('button[name="add"]') ? 'pass' : 'fail',
        title: 'Buy button',
        detail: '',
        fix: 'Add a buy button.',
      }),
    };
    const doc = parse(
      '<html lang="en"><head><title>Mug</title><meta name="description" content="A mug."></head><body><h1>Mug</h1></body></html>',
    );
    const without = auditSeo(doc, 'https://shop.example/mug', { status: 200 });
    const withCheck = auditSeo(doc, 'https://shop.example/mug', { status: 200 }, [
      ...SEO_CHECK_LIST,
      fixtureCheck,
    ]);
    const f = withCheck.findings.at(-1)!;
    expect(f).toMatchObject({
      id: 'fixture-has-buy-button',
      status: 'fail',
      severity: 'failing',
      lighthouse: 'fixture-audit',
    });
    expect(withCheck.score).toBeLessThan(without.score);
    // As advice, the same failing result is "could improve" and leaves the score alone.
    const advice = auditSeo(doc, 'https://shop.example/mug', { status: 200 }, [
      ...SEO_CHECK_LIST,
      { ...fixtureCheck, severity: 'advice', lighthouse: undefined, weight: undefined },
    ]);
    expect(advice.findings.at(-1)).toMatchObject({ status: 'warn', severity: 'advice' });
    expect(advice.score).toBe(without.score);
  });
  it('no thin-content advice on a page that is not a product page', () => {
    const doc = parse(
      '<html lang="en"><head><title>About us</title></head><body><h1>About</h1><p>We are a shop.</p></body></html>',
    );
    const a = analyzePage(doc, 'https://shop.example/about');
    expect(a.seo.findings.find((f) => f.id === 'word-count')?.status).toBe('n/a');
    const product = parse(
      '<html lang="en"><head><title>Mug</title></head><body><h1>Mug</h1><span class="price">$12.00</span></body></html>',
    );
    expect(
      analyzePage(product, 'https://shop.example/mug').seo.findings.find(
        (f) => f.id === 'word-count',
      )?.status,
    ).toBe('warn');
  });
});
