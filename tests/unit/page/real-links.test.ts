// The link checks on saved real pages, after each href is resolved once for all of them. Expected
// values: the resolved hrefs and the internal/external/nofollow counts are Python's own HTML parser
// and urllib over the same files (tests/fixtures/real/pages/links.py prints them), the failing
// items are Lighthouse's own expectations for its page (lighthouse-seo-failing.expectations.js.txt),
// written out by hand in our item format ("text" → href, tag href="…" — "text").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../core/page/index.ts';
import type { PageAnalysis } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/pages/', import.meta.url));
const analyze = (name: string, url: string, anchorListeners?: number[]) =>
  analyzePage(
    parse(readFileSync(`${dir}${name}`, 'utf8')),
    url,
    anchorListeners ? { anchorListeners } : {},
  );
const byId = (a: PageAnalysis, id: string) => a.seo.findings.find((f) => f.id === id)!;

describe('link checks on saved real pages', () => {
  it("Lighthouse's failure page: 3 internal and 2 external links; the 5 generic link texts and 3 uncrawlable links Lighthouse lists", () => {
    // The smoke test's listener sits on the 8th <a> (index 7), as in lighthouse-seo.test.ts.
    const a = analyze(
      'lighthouse-seo-failure-cases.html',
      'http://localhost:10200/seo/seo-failure-cases.html',
      [7],
    );
    expect(a.seo.links).toEqual({ internal: 3, external: 2, nofollow: 0 });
    // https://example.com serializes with the root path "/" (WHATWG URL); urljoin keeps it bare.
    expect(byId(a, 'link-text').elements).toEqual([
      '"click this" → https://example.com/',
      '"click this" → http://localhost:10200/test.html',
      '"CLICK THIS" → http://localhost:10200/test.html',
      '"klicke hier" → http://localhost:10200/test.html',
      '"click this" → https://example.com/svg-link',
    ]);
    expect(byId(a, 'crawlable-anchors').elements).toEqual([
      'a — "Some link"',
      'a href="javascript:void(0)" — "Some link"',
      'a — "Some link"',
    ]);
  });

  it("Monster Pet Supplies: six same-page '#' links, all internal, crawlable and not judged on their text", () => {
    const a = analyze(
      'monsterpet-aggregateoffer.html',
      'https://www.monsterpetsupplies.co.uk/cat/cat-flea-tick/johnsons-4-fleas-cats-kittens',
    );
    expect(a.seo.links).toEqual({ internal: 6, external: 0, nofollow: 0 });
    expect(byId(a, 'link-text').status).toBe('pass');
    expect(byId(a, 'crawlable-anchors').status).toBe('pass');
  });

  it('FYE: the logo link to / is the one internal link', () => {
    const a = analyze(
      'fye-sfcc-product.html',
      'https://www.fye.com/better-off-dead-exclusive-blu-ray-steelbook-fye.000000032429335302.html',
    );
    expect(a.seo.links).toEqual({ internal: 1, external: 0, nofollow: 0 });
    expect(byId(a, 'crawlable-anchors').status).toBe('pass');
  });
});
