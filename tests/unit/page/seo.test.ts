import { describe, expect, it } from 'vitest';
import { auditSeo, validateRobotsTxt } from '../../../core/page/index.ts';
import type { Finding, SeoReport } from '../../../core/page/index.ts';
import { loadPage, parse } from './helpers.ts';

const NOW = Date.parse('2026-11-27T00:00:00Z');

function status(report: SeoReport, id: string): Finding['status'] | undefined {
  return report.findings.find((f) => f.id === id)?.status;
}
function byId(report: SeoReport, id: string): Finding {
  const f = report.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
}
function page(head: string, body = '<h1>Product</h1>', htmlAttrs = 'lang="en"'): Document {
  return parse(`<!doctype html><html ${htmlAttrs}><head>${head}</head><body>${body}</body></html>`);
}
const URL_DEEP = 'https://shop.example/products/linen-shirt';

describe('auditSeo on a page with many problems', () => {
  const { doc } = loadPage('seo-problems.html');
  const r = auditSeo(doc, 'https://sprintshoes.example/shoes/running', { status: 200, now: NOW });

  it('fails the Lighthouse audits Lighthouse fails on this page', () => {
    expect(status(r, 'is-crawlable')).toBe('fail');
    expect(status(r, 'meta-description')).toBe('fail');
    expect(status(r, 'link-text')).toBe('fail');
    expect(status(r, 'crawlable-anchors')).toBe('fail');
    expect(status(r, 'image-alt')).toBe('fail');
    expect(status(r, 'hreflang')).toBe('fail');
    expect(status(r, 'canonical')).toBe('fail');
    expect(status(r, 'document-title')).toBe('pass');
    expect(status(r, 'http-status-code')).toBe('pass');
    expect(r.score).toBeLessThan(40);
  });
  it('names the offending elements as text', () => {
    expect(byId(r, 'is-crawlable').elements).toEqual([
      'meta name="robots" content="noindex, follow"',
    ]);
    expect(byId(r, 'link-text').elements).toEqual([
      '"click here" → https://sprintshoes.example/sale',
      '"https://sprintshoes.example/sale" → https://sprintshoes.example/sale',
    ]);
    expect(byId(r, 'crawlable-anchors').elements).toHaveLength(2);
    expect(byId(r, 'image-alt').detail).toBe('1 of 3 images have no alt text.');
    expect(byId(r, 'hreflang').elements).toHaveLength(2);
    for (const f of r.findings) expect(f.fix.length).toBeGreaterThan(0);
  });
  it('adds the extension checks as advice (never failing): title length, headings, language', () => {
    expect(status(r, 'title-length')).toBe('warn');
    expect(byId(r, 'title-length').severity).toBe('advice');
    expect(r.findings.filter((f) => f.severity === 'advice' && f.status === 'fail')).toEqual([]);
    expect(status(r, 'single-h1')).toBe('warn');
    expect(byId(r, 'heading-order').elements).toEqual(['h1 → h4 "Free shipping"']);
    expect(status(r, 'html-lang')).toBe('warn');
    expect(r.headings.map((h) => h.level)).toEqual([1, 1, 4]);
    expect(r.links).toEqual({ internal: 3, external: 0, nofollow: 1 });
  });
});

describe('auditSeo on a healthy Shopify product page', () => {
  const { doc } = loadPage('shopify-product.html');
  const r = auditSeo(
    doc,
    'https://northwind-outfitters.com/products/linen-overshirt?variant=44012345678903',
    { status: 200, now: NOW },
  );
  it('passes the Lighthouse audits except the product image without alt', () => {
    for (const id of [
      'is-crawlable',
      'document-title',
      'meta-description',
      'http-status-code',
      'link-text',
      'crawlable-anchors',
      'hreflang',
      'canonical',
    ]) {
      expect([id, status(r, id)]).toEqual([id, 'pass']);
    }
    expect(status(r, 'image-alt')).toBe('fail');
    expect(status(r, 'robots-txt')).toBe('n/a');
    expect(r.score).toBeGreaterThan(80);
  });
  it('builds the search snippet, Open Graph and Twitter tables', () => {
    expect(r.snippet).toEqual({
      title: 'Linen Overshirt in Sand – Northwind Outfitters',
      description:
        'A relaxed overshirt in garment-dyed European linen. Two chest pockets, horn buttons, boxy fit. Free returns within 30 days.',
      url: 'https://northwind-outfitters.com/products/linen-overshirt',
    });
    expect(r.openGraph['og:type']).toBe('product');
    expect(r.twitter['twitter:card']).toBe('summary_large_image');
    expect(r.lang).toBe('en');
    expect(r.wordCount).toBeGreaterThan(100);
    expect(r.wordCount).toBeLessThan(400);
  });
});

describe('is-crawlable follows Lighthouse’s rules', () => {
  it('fails on X-Robots-Tag: noindex and on "none"', () => {
    expect(
      status(
        auditSeo(page('<title>x</title>'), URL_DEEP, { headers: { 'X-Robots-Tag': 'noindex' } }),
        'is-crawlable',
      ),
    ).toBe('fail');
    expect(
      status(auditSeo(page('<meta name="robots" content="none">'), URL_DEEP), 'is-crawlable'),
    ).toBe('fail');
  });
  it('fails on unavailable_after in the past, passes when it is in the future', () => {
    const past = {
      headers: { 'x-robots-tag': 'unavailable_after: 25 Jun 2010 15:00:00 PST' },
      now: NOW,
    };
    expect(status(auditSeo(page(''), URL_DEEP, past), 'is-crawlable')).toBe('fail');
    const future = {
      headers: { 'x-robots-tag': 'unavailable_after: 25 Jun 2099 15:00:00 PST' },
      now: NOW,
    };
    expect(status(auditSeo(page(''), URL_DEEP, future), 'is-crawlable')).toBe('pass');
  });
  it('passes when only one bot is blocked (googlebot meta overrides robots for Googlebot only)', () => {
    const r = auditSeo(page('<meta name="googlebot" content="noindex">'), URL_DEEP);
    expect(status(r, 'is-crawlable')).toBe('pass');
    expect(byId(r, 'is-crawlable').detail).toContain('Googlebot');
  });
  it('passes when robots blocks everyone but a bot-specific meta allows Googlebot', () => {
    const r = auditSeo(
      page('<meta name="robots" content="noindex"><meta name="googlebot" content="index">'),
      URL_DEEP,
    );
    expect(status(r, 'is-crawlable')).toBe('pass');
  });
  it('ignores a user-agent-prefixed header for other bots', () => {
    const r = auditSeo(page(''), URL_DEEP, { headers: { 'x-robots-tag': 'otherbot: noindex' } });
    expect(status(r, 'is-crawlable')).toBe('pass');
  });
  it('fails when robots.txt disallows the path for every crawler, with longest-match and Allow', () => {
    const blocked = auditSeo(page(''), URL_DEEP, {
      robotsTxt: 'User-agent: *\nDisallow: /products/\n',
    });
    expect(status(blocked, 'is-crawlable')).toBe('fail');
    expect(byId(blocked, 'is-crawlable').elements).toEqual([
      'robots.txt line 2 disallows /products/linen-shirt',
    ]);
    const allowed = auditSeo(page(''), URL_DEEP, {
      robotsTxt: 'User-agent: *\nDisallow: /products/\nAllow: /products/linen-shirt\n',
    });
    expect(status(allowed, 'is-crawlable')).toBe('pass');
    const googleOnly = auditSeo(page(''), URL_DEEP, {
      robotsTxt: 'User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nAllow: /\n',
    });
    expect(status(googleOnly, 'is-crawlable')).toBe('pass');
  });
});

describe('document-title, meta-description, http-status-code', () => {
  it('fail when missing or empty, pass when present', () => {
    expect(status(auditSeo(page(''), URL_DEEP), 'document-title')).toBe('fail');
    expect(status(auditSeo(page('<title>   </title>'), URL_DEEP), 'document-title')).toBe('fail');
    expect(
      status(
        auditSeo(page('<meta name="Description" content="Linen shirt">'), URL_DEEP),
        'meta-description',
      ),
    ).toBe('pass');
    expect(status(auditSeo(page('<meta name="description">'), URL_DEEP), 'meta-description')).toBe(
      'fail',
    );
    expect(status(auditSeo(page(''), URL_DEEP, { status: 404 }), 'http-status-code')).toBe('fail');
    expect(status(auditSeo(page(''), URL_DEEP, { status: 301 }), 'http-status-code')).toBe('pass');
    expect(status(auditSeo(page(''), URL_DEEP), 'http-status-code')).toBe('n/a');
  });
  it('bands title and description lengths as advice: too long is "could improve", not failing', () => {
    const t = (n: number) =>
      status(auditSeo(page(`<title>${'a'.repeat(n)}</title>`), URL_DEEP), 'title-length');
    expect([t(49), t(50), t(60), t(61)]).toEqual(['pass', 'warn', 'warn', 'warn']);
    const d = (n: number) =>
      status(
        auditSeo(page(`<meta name="description" content="${'a'.repeat(n)}">`), URL_DEEP),
        'description-length',
      );
    expect([d(149), d(150), d(160), d(161)]).toEqual(['pass', 'warn', 'warn', 'warn']);
  });
});

describe('link-text and crawlable-anchors', () => {
  it('uses the language of the link: "hier" fails on a German page, passes on an English one', () => {
    const de = auditSeo(page('', '<a href="/pflege">hier</a>', 'lang="de"'), URL_DEEP);
    expect(status(de, 'link-text')).toBe('fail');
    const en = auditSeo(page('', '<a href="/care">hier</a>', 'lang="en"'), URL_DEEP);
    expect(status(en, 'link-text')).toBe('pass');
  });
  it('skips nofollow, javascript:, mailto: and same-page links', () => {
    const body =
      '<a href="/x" rel="nofollow">click here</a><a href="mailto:a@b.c">here</a><a href="#reviews">read more</a><a href="javascript:go()">more</a>';
    expect(status(auditSeo(page('', body), URL_DEEP), 'link-text')).toBe('pass');
  });
  it('accepts named anchors, role=button, mailto and aria-current placeholders; rejects void(0) and missing href', () => {
    const ok =
      '<a id="top"></a><a name="old-anchor"></a><a role="button">Open</a><a aria-current="page">Shirts</a><a href="#">Top</a>';
    expect(status(auditSeo(page('', ok), URL_DEEP), 'crawlable-anchors')).toBe('pass');
    expect(
      status(
        auditSeo(page('', '<a href="javascript:void(0)">Menu</a>'), URL_DEEP),
        'crawlable-anchors',
      ),
    ).toBe('fail');
    expect(
      status(auditSeo(page('', '<a onclick="go()">Cart</a>'), URL_DEEP), 'crawlable-anchors'),
    ).toBe('fail');
    expect(
      status(
        auditSeo(page('', '<a href="file:///C:/shop/a.html">A</a>'), URL_DEEP),
        'crawlable-anchors',
      ),
    ).toBe('fail');
    expect(
      status(
        auditSeo(page('', '<a href="https://exa mple.com:99999/">A</a>'), URL_DEEP),
        'crawlable-anchors',
      ),
    ).toBe('fail');
  });
});

describe('canonical follows Lighthouse’s rules', () => {
  const canon = (links: string, url = URL_DEEP) => auditSeo(page(links), url);
  it('is n/a without one and passes with one absolute URL', () => {
    expect(status(canon(''), 'canonical')).toBe('n/a');
    expect(
      status(
        canon('<link rel="canonical" href="https://shop.example/products/linen-shirt">'),
        'canonical',
      ),
    ).toBe('pass');
  });
  it('fails on relative, conflicting and root-from-deep-page canonicals', () => {
    expect(status(canon('<link rel="canonical" href="/products/linen-shirt">'), 'canonical')).toBe(
      'fail',
    );
    expect(
      status(
        canon(
          '<link rel="canonical" href="https://shop.example/a"><link rel="canonical" href="https://shop.example/b">',
        ),
        'canonical',
      ),
    ).toBe('fail');
    expect(status(canon('<link rel="canonical" href="https://shop.example/">'), 'canonical')).toBe(
      'fail',
    );
    expect(
      status(
        canon('<link rel="canonical" href="https://shop.example/">', 'https://shop.example/'),
        'canonical',
      ),
    ).toBe('pass');
  });
  it('fails when it points at another hreflang version', () => {
    const links =
      '<link rel="canonical" href="https://shop.example/en/shirt"><link rel="alternate" hreflang="en" href="https://shop.example/en/shirt"><link rel="alternate" hreflang="de" href="https://shop.example/de/hemd">';
    expect(status(canon(links, 'https://shop.example/de/hemd'), 'canonical')).toBe('fail');
  });
  it('ignores canonical links in the body and reads the Link header', () => {
    const doc = page('', '<link rel="canonical" href="/relative">');
    expect(status(auditSeo(doc, URL_DEEP), 'canonical')).toBe('n/a');
    const r = auditSeo(page(''), URL_DEEP, {
      headers: { Link: '<https://shop.example/products/linen-shirt>; rel="canonical"' },
    });
    expect(status(r, 'canonical')).toBe('pass');
  });
});

describe('hreflang and image-alt', () => {
  it('accepts language-region codes and x-default; rejects unknown codes and relative hrefs', () => {
    const ok =
      '<link rel="alternate" hreflang="de-AT" href="https://s.example/at"><link rel="alternate" hreflang="x-default" href="https://s.example/">';
    const r = auditSeo(page(ok), URL_DEEP);
    expect(status(r, 'hreflang')).toBe('pass');
    expect(r.hreflang).toEqual([
      { lang: 'de-AT', href: 'https://s.example/at' },
      { lang: 'x-default', href: 'https://s.example/' },
    ]);
    expect(
      status(
        auditSeo(
          page('<link rel="alternate" hreflang="xx" href="https://s.example/xx">'),
          URL_DEEP,
        ),
        'hreflang',
      ),
    ).toBe('fail');
    expect(
      status(
        auditSeo(page('<link rel="alternate" hreflang="fr" href="/fr">'), URL_DEEP),
        'hreflang',
      ),
    ).toBe('fail');
  });
  it('counts alt="", aria-label, title and role=presentation as alternatives', () => {
    const body =
      '<img src="a.jpg" alt=""><img src="b.jpg" aria-label="Shirt"><img src="c.jpg" title="Shirt"><img src="d.jpg" role="none">';
    expect(status(auditSeo(page('', body), URL_DEEP), 'image-alt')).toBe('pass');
    expect(status(auditSeo(page('', '<p>No images</p>'), URL_DEEP), 'image-alt')).toBe('n/a');
  });
  it('fails an alt made of spaces, as axe does', () => {
    expect(
      status(auditSeo(page('', '<img src="a.jpg" alt=" " title="Shirt">'), URL_DEEP), 'image-alt'),
    ).toBe('fail');
  });
});

describe('robots-txt validation mirrors Lighthouse', () => {
  it('accepts a typical storefront robots.txt', () => {
    const txt = `# we use Shopify as our ecommerce platform\nUser-agent: *\nDisallow: /admin\nDisallow: /cart\nDisallow: /*?*variant=*&*\nAllow: /\nSitemap: https://shop.example/sitemap.xml\n`;
    expect(validateRobotsTxt(txt)).toEqual([]);
    expect(
      status(auditSeo(page(''), URL_DEEP, { robotsTxt: txt, robotsTxtStatus: 200 }), 'robots-txt'),
    ).toBe('pass');
  });
  it('reports each invalid line with the reason', () => {
    const txt =
      'Disallow: /tmp\nUser-agent: *\nDisallow: private\nAllow: /a$b\nSitemap: /sitemap.xml\nCrawl-delay: 10\nfoo: bar\nno colon here';
    expect(validateRobotsTxt(txt).map((e) => [e.line, e.message])).toEqual([
      [1, 'No user-agent specified'],
      [3, 'Pattern should either be empty, start with "/" or "*"'],
      [4, '"$" should only be used at the end of the pattern'],
      [5, 'Invalid sitemap URL'],
      [7, 'Unknown directive'],
      [8, 'Syntax not understood'],
    ]);
  });
  it('fails on 5xx, is n/a on 4xx or when not fetched', () => {
    expect(
      status(auditSeo(page(''), URL_DEEP, { robotsTxtStatus: 503, robotsTxt: '' }), 'robots-txt'),
    ).toBe('fail');
    expect(
      status(
        auditSeo(page(''), URL_DEEP, { robotsTxtStatus: 404, robotsTxt: 'Not found' }),
        'robots-txt',
      ),
    ).toBe('n/a');
    expect(status(auditSeo(page(''), URL_DEEP), 'robots-txt')).toBe('n/a');
  });
});
