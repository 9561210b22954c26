// The link checks resolve each href once, mostly without a URL object: the resolved href, scheme
// and host must be exactly what the platform's URL parser gives (the expected values here are
// `new URL(href, base)` itself, the WHATWG parser, never our code).
import { describe, expect, it } from 'vitest';
import { hrefResolver } from '../../../core/page/links.ts';

function parser(href: string, base: string) {
  try {
    const u = new URL(href, base);
    return { href: u.href, protocol: u.protocol, hostname: u.hostname };
  } catch {
    return null;
  }
}

const BASES = [
  'https://fieldhouse.example/products/merino-crew',
  'https://fieldhouse.example/products/merino-crew?variant=1001#reviews',
  'http://shop.example:8080/a/b/',
  'https://www.shop.example/',
  'https://user:pw@shop.example/p',
  'https://xn--mnchen-3ya.example/produkt',
  'file:///home/me/page.html',
];

const HREFS = [
  '/collections/c-1',
  '/collections/c-1/new?sort=price&page=2',
  '/products/rec-9',
  '/',
  '',
  '#',
  '#reviews',
  '#a/b?c',
  '#a b',
  '#a#b',
  '?page=2',
  'page-2',
  '../up',
  './here',
  '/a/./b',
  '/a/../b',
  '/a/.',
  '/a/..',
  '/a/%2e%2E/b',
  '/.well-known/x',
  '/a/b/?x=/.y',
  '//cdn.example/x',
  '/\\evil.example/x',
  '\\\\evil.example\\x',
  '/a b',
  '/a\tb',
  '/a\nb',
  '/a"b',
  "/a'b?c'd",
  '/a<b>',
  '/a`b',
  '/a{b}',
  '/a|b',
  '/a^b',
  '/é',
  '/a%20b',
  '/a%zz',
  '/a;b=c@d:e!f$g*h(i)j,k+l~m_n.o-p',
  'https://fieldhouse.example/products/x',
  'https://fieldhouse.example',
  'https://fieldhouse.example.evil/x',
  'https://fieldhouse.example:443/x',
  'https://FIELDHOUSE.example/x',
  'HTTPS://fieldhouse.example/x',
  'https://fieldhouse.example/a/../b',
  'http://shop.example:8080/a',
  'http://shop.example/a',
  'https://www.shop.example/sale',
  'https://user:pw@shop.example/p/q',
  'mailto:a@b.example',
  'javascript:void(0)',
  'tel:+1555',
  'http://',
  'https://exa mple.com/',
  'http://[::1]/x',
  'ftp://files.example/x',
];

describe('resolving hrefs once for every link check', () => {
  it('gives what the URL parser gives for every shape of href, on every kind of page URL', () => {
    for (const base of BASES) {
      const r = hrefResolver(new URL(base));
      for (const href of HREFS)
        expect([base, href, r.resolve(href)]).toEqual([base, href, parser(href, base)]);
    }
  });

  it('agrees with the URL parser on 20,000 random hrefs built from URL-significant characters', () => {
    // A fixed-seed generator (no Math.random): the run is the same every time.
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = [
      '/',
      '/',
      '.',
      '..',
      '?',
      '#',
      '%',
      '2e',
      'a',
      'B',
      '0',
      ':',
      '@',
      '\\',
      ' ',
      '\t',
      '&',
      '=',
      "'",
      '"',
      '~',
      'é',
      'https://fieldhouse.example',
      '//',
    ];
    const base = 'https://fieldhouse.example/products/merino-crew?variant=1#top';
    const r = hrefResolver(new URL(base));
    for (let k = 0; k < 20_000; k++) {
      let href = next() % 3 === 0 ? '' : '/';
      const len = next() % 8;
      for (let j = 0; j < len; j++) href += alphabet[next() % alphabet.length];
      expect([href, r.resolve(href)]).toEqual([href, parser(href, base)]);
    }
  });

  it('without a page URL, resolves only full URLs', () => {
    const r = hrefResolver(null);
    expect(r.resolve('/x')).toBeNull();
    expect(r.resolve('https://a.example/x')).toEqual({
      href: 'https://a.example/x',
      protocol: 'https:',
      hostname: 'a.example',
    });
  });
});
