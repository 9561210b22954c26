// Lighthouse's own SEO failure page (Apache-2.0), with Lighthouse's own expected results from its
// smoke test (cli/test/smokehouse/test-definitions/seo-failing.js, kept beside the fixture as
// lighthouse-seo-failing.expectations.js.txt). The smoke test serves the page with these headers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditSeo } from '../../../core/page/index.ts';
import type { SeoReport } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/pages/', import.meta.url));
const html = readFileSync(`${dir}lighthouse-seo-failure-cases.html`, 'utf8');
const URL_ = 'http://localhost:10200/seo/seo-failure-cases.html';
const headers = {
  'x-robots-tag': 'none',
  link: '<http://example.com>;rel="alternate";hreflang="xx", <https://example.com>; rel="canonical"',
};
const byId = (r: SeoReport, id: string) => r.findings.find((f) => f.id === id)!;

describe("Lighthouse's seo-failure-cases page", () => {
  // The smoke test's page script adds a mousedown listener to `.some-link` (the 3rd <a> without
  // href, counting the anchor-text links and the SVG link first: index 7) and a click listener to
  // the parent of the last one. Lighthouse sees listeners through the DevTools protocol.
  const withListeners = auditSeo(parse(html), URL_, { status: 200, headers, anchorListeners: [7] });
  const domOnly = auditSeo(parse(html), URL_, { status: 200, headers });

  it('fails and passes the same audits as Lighthouse', () => {
    const expected: Record<string, 'pass' | 'fail'> = {
      'document-title': 'fail',
      'meta-description': 'fail',
      'http-status-code': 'pass',
      'crawlable-anchors': 'fail',
      'link-text': 'fail',
      'is-crawlable': 'fail',
      hreflang: 'fail',
      canonical: 'fail',
    };
    for (const [id, status] of Object.entries(expected))
      expect([id, byId(withListeners, id).status]).toEqual([id, status]);
  });
  it('counts the items Lighthouse counts', () => {
    expect(byId(withListeners, 'crawlable-anchors').elements).toHaveLength(3);
    expect(byId(withListeners, 'link-text').elements).toHaveLength(5);
    expect(byId(withListeners, 'is-crawlable').elements).toHaveLength(2);
    expect(byId(withListeners, 'hreflang').elements).toHaveLength(5);
    expect(byId(withListeners, 'canonical').detail).toBe(
      'Multiple conflicting URLs (https://example.com/other, https://example.com/).',
    );
  });
  it('without listener information: the two links the DOM shows as failing, the two listener-only ones not judged (never 4)', () => {
    const f = byId(domOnly, 'crawlable-anchors');
    expect(f.status).toBe('fail');
    expect(f.elements).toHaveLength(2);
    expect(f.detail).toMatch(/2 links without href could not be judged/);
  });
  it('only Lighthouse audits count in the score, advice never fails', () => {
    // Passing Lighthouse audits here: http-status-code, robots-txt is n/a, image-alt n/a (no images).
    expect(withListeners.score).toBe(Math.round((1 / (93 / 23 + 7)) * 100));
    for (const f of withListeners.findings)
      if (!f.lighthouse) expect([f.id, f.status === 'fail']).toEqual([f.id, false]);
  });
});
