// The page's links resolved once per scan, for every check that reads them (link text, crawlable
// anchors, the internal/external summary). A 1 MB store page carries thousands of anchors, and a
// `new URL` per anchor per check was the largest part of the SEO audit: the common shapes
// (`/path?query`, `#fragment`, a full URL on the page's own origin) are resolved here by string
// concatenation, exactly as the URL parser would, and only the others go through `new URL`.

import { resolveUrl, textOf } from './scan.ts';
import { runSteps, type Steps } from './steps.ts';
import type { PageScan } from './scan.ts';

/** What the checks read of a resolved href (the parts a URL object would give). */
export interface ResolvedHref {
  href: string;
  protocol: string;
  hostname: string;
}

/** One `<a>` of the scan: its href attribute and that href resolved against the page URL. */
export interface AnchorLink {
  /** The href attribute as written; null when the anchor has none. */
  raw: string | null;
  /** `raw.trim()` resolved against the page URL; null when absent or not a valid URL. */
  url: ResolvedHref | null;
}

/** Resolves hrefs against one base URL, without a URL object for the shapes pages mostly use. */
export interface HrefResolver {
  resolve(href: string): ResolvedHref | null;
}

// Characters the URL parser copies unchanged into the path and query of an http(s) URL (none is
// in the path, query or fragment percent-encode sets, none is a backslash, tab or newline).
const PLAIN = /^[A-Za-z0-9\-._~/?=&+,:;@!$*()]*$/;

/** A `/path?query` the parser keeps as written: plain characters and no `.`/`..` path segment. */
function plainPath(s: string): boolean {
  if (!PLAIN.test(s)) return false;
  const q = s.indexOf('?');
  const path = q < 0 ? s : s.slice(0, q);
  return !path.includes('/.');
}

export function hrefResolver(base: URL | null): HrefResolver {
  const slow = (href: string): ResolvedHref | null => {
    const u = resolveUrl(href, base);
    return u ? { href: u.href, protocol: u.protocol, hostname: u.hostname } : null;
  };
  // Only a plain http(s) base: credentials, and other schemes' own rules, take the URL parser.
  if (
    !base ||
    (base.protocol !== 'http:' && base.protocol !== 'https:') ||
    base.username !== '' ||
    base.password !== ''
  )
    return { resolve: slow };
  const { protocol, hostname } = base;
  const origin = `${protocol}//${base.host}`;
  const hashAt = base.href.indexOf('#');
  const page = hashAt < 0 ? base.href : base.href.slice(0, hashAt);
  return {
    resolve(href) {
      const c = href.charCodeAt(0);
      if (c === 47 /* / */) {
        // `//host/…` is another origin: the parser decides.
        if (href.charCodeAt(1) !== 47 && plainPath(href))
          return { href: origin + href, protocol, hostname };
      } else if (c === 35 /* # */) {
        if (PLAIN.test(href.slice(1))) return { href: page + href, protocol, hostname };
      } else if (
        href.startsWith(origin) &&
        href.charCodeAt(origin.length) === 47 &&
        plainPath(href.slice(origin.length))
      ) {
        return { href, protocol, hostname };
      }
      return slow(href);
    },
  };
}

const cache = new WeakMap<PageScan, AnchorLink[]>();
const texts = new WeakMap<PageScan, string[]>();

/** Anchors resolved (and their texts read) per step of a staged analysis. */
const ANCHORS_PER_STEP = 500;

function anchorLink(resolver: HrefResolver, a: Element): AnchorLink {
  const raw = a.getAttribute('href');
  return { raw, url: raw === null ? null : resolver.resolve(raw.trim()) };
}

/** Every anchor of the scan with its resolved href, computed once per scan (same order as `scan.anchors`). */
export function anchorLinks(scan: PageScan): AnchorLink[] {
  return runSteps(anchorLinkSteps(scan));
}

/** anchorLinks in steps of ANCHORS_PER_STEP anchors (see steps.ts). */
export function* anchorLinkSteps(scan: PageScan): Steps<AnchorLink[]> {
  let links = cache.get(scan);
  if (!links) {
    const resolver = hrefResolver(scan.base);
    const anchors = scan.anchors;
    links = new Array<AnchorLink>(anchors.length);
    for (let i = 0; i < anchors.length; i++) {
      if (i > 0 && i % ANCHORS_PER_STEP === 0) yield;
      links[i] = anchorLink(resolver, anchors[i]!);
    }
    cache.set(scan, links);
  }
  return links;
}

/** The text of every anchor (`textOf(a, 300)`), read once per scan (same order as `scan.anchors`). */
export function anchorTexts(scan: PageScan): string[] {
  return runSteps(anchorTextSteps(scan));
}

/** anchorTexts in steps of ANCHORS_PER_STEP anchors (see steps.ts). */
export function* anchorTextSteps(scan: PageScan): Steps<string[]> {
  let out = texts.get(scan);
  if (!out) {
    const anchors = scan.anchors;
    out = new Array<string>(anchors.length);
    for (let i = 0; i < anchors.length; i++) {
      if (i > 0 && i % ANCHORS_PER_STEP === 0) yield;
      out[i] = textOf(anchors[i], 300);
    }
    texts.set(scan, out);
  }
  return out;
}
