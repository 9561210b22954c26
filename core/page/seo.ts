// SEO audit. Findings that share an id with a Lighthouse SEO audit follow that audit's rules
// (Lighthouse v12/13, core/audits/seo/*.js and axe's image-alt), so "fail" here means Lighthouse
// fails the same page. Everything else is what SEO extensions add, with their usual thresholds.
import type { Finding, PageExtras, SeoHeading, SeoReport } from './types.ts';
import type { PageScan } from './scan.ts';
import { anchorLinks, anchorLinkSteps, anchorTexts, anchorTextSteps } from './links.ts';
import { resolveUrl, scanPage, tagOf, textOf } from './scan.ts';
import { matchRobots, parseRobotsTxt, validateRobotsTxt } from './robots.ts';
import { runSteps, type Steps } from './steps.ts';
import { extractProductsDetailed } from './products.ts';

// ISO 639-1. axe (which Lighthouse uses for hreflang) also accepts ISO 639-2/3 codes; any
// three-letter code is accepted here rather than shipping the 8,000-entry list.
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es ' +
    'et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj ' +
    'kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ' +
    'ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti ' +
    'tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

function isValidLang(code: string): boolean {
  const c = code.toLowerCase();
  return ISO_639_1.has(c) || /^[a-z]{3}$/.test(c);
}

// Lighthouse link-text: generic anchor texts per language.
const GENERIC_LINK_TEXT: Record<string, Set<string>> = {
  en: new Set([
    'click here',
    'click this',
    'go',
    'here',
    'information',
    'learn more',
    'more',
    'more info',
    'more information',
    'right here',
    'read more',
    'see more',
    'start',
    'this',
  ]),
  ja: new Set(['ここをクリック', 'こちらをクリック', 'リンク', '続きを読む', '続く', '全文表示']),
  es: new Set([
    'click aquí',
    'click aqui',
    'clicka aquí',
    'clicka aqui',
    'pincha aquí',
    'pincha aqui',
    'aquí',
    'aqui',
    'más',
    'mas',
    'más información',
    'más informacion',
    'mas información',
    'mas informacion',
    'este',
    'enlace',
    'este enlace',
    'empezar',
  ]),
  pt: new Set(['clique aqui', 'ir', 'mais informação', 'mais informações', 'mais', 'veja mais']),
  ko: new Set([
    '여기',
    '여기를 클릭',
    '클릭',
    '링크',
    '자세히',
    '자세히 보기',
    '계속',
    '이동',
    '전체 보기',
  ]),
  sv: new Set(['här', 'klicka här', 'läs mer', 'mer', 'mer info', 'mer information']),
  de: new Set([
    'klicke hier',
    'hier klicken',
    'hier',
    'mehr',
    'siehe',
    'dies',
    'das',
    'weiterlesen',
  ]),
  ta: new Set([
    'அடுத்த பக்கம்',
    'மறுபக்கம்',
    'முந்தைய பக்கம்',
    'முன்பக்கம்',
    'மேலும் அறிக',
    'மேலும் தகவலுக்கு',
    'மேலும் தரவுகளுக்கு',
    'தயவுசெய்து இங்கே அழுத்தவும்',
    'இங்கே கிளிக் செய்யவும்',
  ]),
  fa: new Set([
    'اطلاعات بیشتر',
    'اطلاعات',
    'این',
    'اینجا بزنید',
    'اینجا کلیک کنید',
    'اینجا',
    'برو',
    'بیشتر بخوانید',
    'بیشتر بدانید',
    'بیشتر',
    'شروع',
  ]),
};

// Lighthouse is-crawlable: the page fails only when every one of these is blocked.
const BOT_USER_AGENTS: (string | undefined)[] = [
  undefined,
  'Googlebot',
  'bingbot',
  'DuckDuckBot',
  'archive.org_bot',
];
const HREF_ATTRIBUTES = ['target', 'download', 'ping', 'rel', 'hreflang', 'type', 'referrerpolicy'];
const MAX_ELEMENTS_LISTED = 20;

function finding(
  id: string,
  status: Finding['status'],
  title: string,
  detail: string,
  fix: string,
  elements?: string[],
): Finding {
  const f: Finding = { id, status, title, detail, fix };
  if (elements && elements.length > 0) f.elements = elements.slice(0, MAX_ELEMENTS_LISTED);
  return f;
}

/** Short, inert description of an element for the report (never its HTML). */
function describe(el: Element, attrs: string[]): string {
  const parts = [tagOf(el)];
  for (const a of attrs) {
    const v = el.getAttribute(a);
    if (v !== null) parts.push(`${a}="${v.slice(0, 80)}"`);
  }
  const text = textOf(el, 60);
  return text ? `${parts.join(' ')} — "${text}"` : parts.join(' ');
}

function header(extras: PageExtras, name: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(extras.headers ?? {})) {
    if (k.toLowerCase() === name && typeof v === 'string') out.push(v);
  }
  return out;
}

function isUnavailable(directive: string, now: number): boolean {
  const parts = directive.split(':');
  if (parts.length <= 1 || parts[0] !== 'unavailable_after') return false;
  const date = Date.parse(parts.slice(1).join(':'));
  return !Number.isNaN(date) && date < now;
}

function hasBlockingDirective(directives: string, now: number): boolean {
  return directives
    .split(',')
    .map((d) => d.toLowerCase().trim())
    .some((d) => d === 'noindex' || d === 'none' || isUnavailable(d, now));
}

function headerUserAgent(value: string): string | undefined {
  const m = /^([^,:]+):/.exec(value);
  return m && m[1]!.toLowerCase() !== 'unavailable_after' ? m[1] : undefined;
}

function isCrawlable(scan: PageScan, extras: PageExtras, now: number): Finding {
  const metas = scan.metas.map((m) => ({
    name: (m.getAttribute('name') ?? '').trim().toLowerCase(),
    content: m.getAttribute('content') ?? '',
  }));
  const robotsHeaders = header(extras, 'x-robots-tag');
  const rules = extras.robotsTxt ? parseRobotsTxt(extras.robotsTxt) : undefined;
  const path = scan.base ? scan.base.pathname + scan.base.search : '/';
  const blocked: (string | undefined)[] = [];
  let generic: string[] = [];
  for (const ua of BOT_USER_AGENTS) {
    const reasons: string[] = [];
    // A meta for the specific bot replaces the generic robots meta for that bot.
    let meta = ua ? metas.find((m) => m.name === ua.toLowerCase()) : undefined;
    meta ??= metas.find((m) => m.name === 'robots');
    if (meta && hasBlockingDirective(meta.content, now))
      reasons.push(`meta name="${meta.name}" content="${meta.content.slice(0, 80)}"`);
    for (const value of robotsHeaders) {
      const agent = headerUserAgent(value);
      if (agent !== ua && agent !== undefined) continue;
      let directives = value.trim();
      if (ua && value.startsWith(`${ua}:`)) directives = value.replace(`${ua}:`, '');
      if (hasBlockingDirective(directives, now))
        reasons.push(`X-Robots-Tag: ${value.slice(0, 80)}`);
    }
    if (rules) {
      const m = matchRobots(rules, path, ua);
      if (!m.allowed) reasons.push(`robots.txt line ${m.line ?? 1} disallows ${path}`);
    }
    if (reasons.length > 0) blocked.push(ua);
    if (ua === undefined) generic = reasons;
  }
  if (blocked.length === BOT_USER_AGENTS.length) {
    return finding(
      'is-crawlable',
      'fail',
      'Page is blocked from indexing',
      'Search engines are told not to index this page, so it cannot appear in search results.',
      'Remove the noindex directive (meta robots, X-Robots-Tag) or the robots.txt rule that blocks this URL.',
      generic,
    );
  }
  if (blocked.length > 0) {
    const names = blocked.filter(Boolean).join(', ');
    return finding(
      'is-crawlable',
      'pass',
      'Page isn’t blocked from indexing',
      `Indexable, but these crawlers are blocked: ${names}.`,
      'Check that blocking these crawlers is intended.',
    );
  }
  return finding(
    'is-crawlable',
    'pass',
    'Page isn’t blocked from indexing',
    'No meta robots, X-Robots-Tag or robots.txt rule blocks this page.',
    'Nothing to do.',
  );
}

function documentTitle(title: string | undefined): Finding {
  if (!title) {
    return finding(
      'document-title',
      'fail',
      'Document doesn’t have a <title> element',
      'The page has no title, so search results show a made-up one.',
      'Add a <title> that names the product and the store.',
    );
  }
  return finding(
    'document-title',
    'pass',
    'Document has a <title> element',
    `Title: "${title.slice(0, 120)}"`,
    'Nothing to do.',
  );
}

function titleLength(title: string | undefined): Finding {
  if (!title)
    return finding(
      'title-length',
      'n/a',
      'Title length',
      'There is no title to measure.',
      'Add a title under 50 characters.',
    );
  const n = [...title].length;
  if (n > 60)
    return finding(
      'title-length',
      'warn',
      'Title is too long',
      `${n} characters; search results cut titles after about 60.`,
      'Shorten the title to under 50 characters, key words first.',
    );
  if (n >= 50)
    return finding(
      'title-length',
      'warn',
      'Title is close to the limit',
      `${n} characters; 50–60 may be cut on small screens.`,
      'Shorten the title to under 50 characters.',
    );
  return finding(
    'title-length',
    'pass',
    'Title length is good',
    `${n} characters.`,
    'Nothing to do.',
  );
}

function metaDescription(scan: PageScan): { finding: Finding; description: string } {
  const meta = scan.metas.find(
    (m) => (m.getAttribute('name') ?? '').trim().toLowerCase() === 'description',
  );
  if (!meta) {
    return {
      finding: finding(
        'meta-description',
        'fail',
        'Document does not have a meta description',
        'Without one, search engines pick a snippet from the page text.',
        'Add a meta description that summarises the product in one or two sentences.',
      ),
      description: '',
    };
  }
  const content = meta.getAttribute('content') ?? '';
  if (content.trim().length === 0) {
    return {
      finding: finding(
        'meta-description',
        'fail',
        'Document does not have a meta description',
        'The meta description is empty.',
        'Write the meta description text; an empty one counts as missing.',
        ['meta name="description" content=""'],
      ),
      description: '',
    };
  }
  return {
    finding: finding(
      'meta-description',
      'pass',
      'Document has a meta description',
      `"${content.trim().slice(0, 160)}"`,
      'Nothing to do.',
    ),
    description: content.trim(),
  };
}

function descriptionLength(description: string): Finding {
  if (!description)
    return finding(
      'description-length',
      'n/a',
      'Description length',
      'There is no description to measure.',
      'Add a description under 150 characters.',
    );
  const n = [...description].length;
  if (n > 160)
    return finding(
      'description-length',
      'warn',
      'Description is too long',
      `${n} characters; search results cut after about 160.`,
      'Shorten the description to under 150 characters.',
    );
  if (n >= 150)
    return finding(
      'description-length',
      'warn',
      'Description is close to the limit',
      `${n} characters; 150–160 may be cut.`,
      'Shorten the description to under 150 characters.',
    );
  return finding(
    'description-length',
    'pass',
    'Description length is good',
    `${n} characters.`,
    'Nothing to do.',
  );
}

function httpStatus(status: number | undefined): Finding {
  if (status === undefined || !Number.isFinite(status)) {
    return finding(
      'http-status-code',
      'n/a',
      'HTTP status code',
      'The response status is not known for this page.',
      'Reload the page with the extension active to capture the status.',
    );
  }
  if (status >= 400 && status <= 599) {
    return finding(
      'http-status-code',
      'fail',
      'Page has unsuccessful HTTP status code',
      `The server answered ${status}; search engines do not index error pages.`,
      'Serve the page with a 2xx status, or redirect it to a live page.',
    );
  }
  return finding(
    'http-status-code',
    'pass',
    'Page has successful HTTP status code',
    `Status ${status}.`,
    'Nothing to do.',
  );
}

function withoutFragment(href: string): string {
  const i = href.indexOf('#');
  return i < 0 ? href : href.slice(0, i);
}

function isFullUrl(text: string): boolean {
  // Cheap prefix test first: a thrown URL error per link text costs more than the whole audit.
  if (!/^https?:/i.test(text)) return false;
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function linkLang(a: Element, singleLang: string | null): string | undefined {
  if (singleLang) return singleLang;
  return a.closest('[lang]')?.getAttribute('lang') ?? undefined;
}

function linkText(scan: PageScan): Finding {
  const singleLang = scan.langElements === 1 && scan.htmlLang ? scan.htmlLang : null;
  const failing: string[] = [];
  let count = 0;
  const links = anchorLinks(scan);
  const texts = anchorTexts(scan);
  const page = scan.base ? withoutFragment(scan.base.href) : '';
  for (let i = 0; i < scan.anchors.length; i++) {
    const a = scan.anchors[i]!;
    const resolved = links[i]!.url;
    if (!resolved) continue;
    if ((a.getAttribute('rel') ?? '').includes('nofollow')) continue;
    const href = resolved.href.toLowerCase();
    if (
      href.startsWith('javascript:') ||
      href.startsWith('mailto:') ||
      withoutFragment(resolved.href) === page
    )
      continue;
    const text = texts[i]!;
    if (!text) continue;
    let bad = isFullUrl(text);
    if (!bad) {
      const term = text.toLowerCase();
      const lang = linkLang(a, singleLang);
      if (lang) bad = GENERIC_LINK_TEXT[lang.split('-')[0]!.toLowerCase()]?.has(term) ?? false;
      else bad = Object.values(GENERIC_LINK_TEXT).some((set) => set.has(term));
    }
    if (bad) {
      count++;
      failing.push(`"${text.slice(0, 60)}" → ${resolved.href.slice(0, 120)}`);
    }
  }
  if (count > 0) {
    return finding(
      'link-text',
      'fail',
      'Links do not have descriptive text',
      `${count} link${count === 1 ? '' : 's'} use generic text like "click here" or a bare URL.`,
      'Say where each link goes, e.g. "Shipping and returns" instead of "Read more".',
      failing,
    );
  }
  return finding(
    'link-text',
    'pass',
    'Links have descriptive text',
    'No generic link texts found.',
    'Nothing to do.',
  );
}

/**
 * Lighthouse's crawlable-anchors (v13): the same filter, on what a page's DOM shows. An `<a>`
 * without href and without any href-associated attribute is a placeholder, failing only when
 * script listens to it; inline `on…` handlers are listeners the DOM shows, others only
 * `extras.anchorListeners` (indices into the page's anchors, e.g. from the DevTools protocol) can
 * tell. Placeholders whose listeners cannot be seen are counted apart, never as failures.
 */
function crawlableAnchors(scan: PageScan, extras: PageExtras): Finding {
  const failing: string[] = [];
  const unknown: string[] = [];
  const listened = new Set(extras.anchorListeners ?? []);
  const base = scan.base;
  const links = anchorLinks(scan);
  for (let i = 0; i < scan.anchors.length; i++) {
    const a = scan.anchors[i]!;
    const hrefAttr = a.getAttribute('href');
    // Lighthouse reads the href with every whitespace removed; without inner whitespace that is
    // the trimmed href every link check shares, already resolved.
    const spaced = hrefAttr !== null && /\s/.test(hrefAttr);
    const rawHref = spaced ? hrefAttr.replace(/\s/g, '') : (hrefAttr ?? '');
    const role = (a.getAttribute('role') ?? '').trim();
    const id = a.getAttribute('id') ?? '';
    if (role.length > 0) continue;
    if (rawHref.startsWith('mailto:')) continue;
    if (rawHref === '' && id) continue;
    let bad = false;
    if (rawHref.startsWith('file:')) bad = true;
    // A name makes the anchor a target, except on an SVG link.
    else if ((a.getAttribute('name') ?? '').trim().length > 0 && !a.closest('svg')) continue;
    else if (hrefAttr === null) {
      const attrNames = Array.from(a.attributes).map((x) => x.name.toLowerCase());
      if (!HREF_ATTRIBUTES.some((h) => attrNames.includes(h))) {
        const inline = attrNames.some((n) => n.startsWith('on'));
        if (inline || listened.has(i)) bad = true;
        else if (extras.anchorListeners === undefined) unknown.push(describe(a, []));
        if (!bad) continue;
      } else bad = true; // href property is '' without the attribute
    } else if (/javascript:void(\(|)0(\)|)/.test(rawHref)) bad = true;
    else if (spaced ? !resolveUrl(rawHref, base) : !links[i]!.url) bad = true;
    if (bad) failing.push(describe(a, ['href']));
  }
  const note =
    unknown.length > 0
      ? ` ${unknown.length} link${unknown.length === 1 ? '' : 's'} without href could not be judged: Lighthouse fails them only if a script listens to them, which the page does not show.`
      : '';
  const f =
    failing.length > 0
      ? finding(
          'crawlable-anchors',
          'fail',
          'Links are not crawlable',
          `${failing.length} link${failing.length === 1 ? '' : 's'} have no usable href (missing, javascript:void(0) or invalid).${note}`,
          'Give every link a real URL in href and handle clicks with script on top of it.',
          failing,
        )
      : finding(
          'crawlable-anchors',
          'pass',
          'Links are crawlable',
          `Every link has a crawlable href.${note}`,
          'Nothing to do.',
        );
  if (unknown.length > 0) f.unjudged = unknown.length;
  return f;
}

function robotsTxt(extras: PageExtras): Finding {
  const status = extras.robotsTxtStatus;
  const content = extras.robotsTxt;
  if (status !== undefined && (status >= 500 || status === 429)) {
    return finding(
      'robots-txt',
      'fail',
      'robots.txt is not valid',
      `Request for robots.txt returned HTTP status ${status}.`,
      'Make /robots.txt answer 200 (or 404 if you have none).',
    );
  }
  if ((status !== undefined && status >= 400) || content === '') {
    return finding(
      'robots-txt',
      'n/a',
      'robots.txt',
      'The site has no robots.txt; crawlers may crawl everything.',
      'Nothing to do.',
    );
  }
  if (content === undefined) {
    return finding(
      'robots-txt',
      'n/a',
      'robots.txt',
      'robots.txt was not fetched for this analysis.',
      'Fetch the site’s robots.txt to check it.',
    );
  }
  const errors = validateRobotsTxt(content);
  if (errors.length > 0) {
    return finding(
      'robots-txt',
      'fail',
      'robots.txt is not valid',
      `${errors.length} error${errors.length === 1 ? '' : 's'} found.`,
      'Fix the listed lines; crawlers may ignore or misread them.',
      errors.map((e) => `line ${e.line}: ${e.content.trim().slice(0, 80)} — ${e.message}`),
    );
  }
  return finding(
    'robots-txt',
    'pass',
    'robots.txt is valid',
    'Every directive is understood.',
    'Nothing to do.',
  );
}

const HIDING_ANCESTOR = 'template,noscript,[hidden],[style*="none" i],[style*="hidden" i]';

/** Not rendered: inside template/noscript, `hidden`, or an inline display:none / visibility:hidden. */
function isHidden(el: Element): boolean {
  // One native ancestor lookup per image; the inline style is only parsed for the few candidates.
  for (
    let n = el.closest(HIDING_ANCESTOR);
    n;
    n = n.parentElement?.closest(HIDING_ANCESTOR) ?? null
  ) {
    const tag = tagOf(n);
    if (tag === 'template' || tag === 'noscript' || n.hasAttribute('hidden')) return true;
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(n.getAttribute('style') ?? ''))
      return true;
  }
  return false;
}

function imageAlt(scan: PageScan): Finding {
  let audited = 0;
  const failing: string[] = [];
  for (const img of scan.images) {
    if (isHidden(img)) continue;
    audited++;
    const role = (img.getAttribute('role') ?? '').trim().toLowerCase();
    const alt = img.getAttribute('alt');
    // axe's alt-space-value: an alt of only spaces fails even where another name would pass.
    if (alt !== null && alt.length > 0 && alt.trim() === '') {
      failing.push(describe(img, ['src']).slice(0, 160));
      continue;
    }
    const ok =
      alt !== null ||
      (img.getAttribute('aria-label') ?? '').trim() !== '' ||
      (img.getAttribute('aria-labelledby') ?? '').trim() !== '' ||
      (img.getAttribute('title') ?? '').trim() !== '' ||
      role === 'none' ||
      role === 'presentation';
    if (!ok) failing.push(describe(img, ['src']).slice(0, 160));
  }
  if (audited === 0)
    return finding(
      'image-alt',
      'n/a',
      'Image elements have [alt] attributes',
      'The page has no visible images.',
      'Nothing to do.',
    );
  if (failing.length > 0) {
    return finding(
      'image-alt',
      'fail',
      'Image elements do not have [alt] attributes',
      `${failing.length} of ${audited} images have no alt text.`,
      'Describe each product image in its alt attribute (use alt="" for decorative ones).',
      failing,
    );
  }
  return finding(
    'image-alt',
    'pass',
    'Image elements have [alt] attributes',
    `All ${audited} images have alt text.`,
    'Nothing to do.',
  );
}

interface LinkEl {
  rel: string;
  hrefRaw: string;
  hreflang: string;
  source: 'head' | 'body' | 'headers';
}

function linkElements(scan: PageScan, extras: PageExtras): LinkEl[] {
  const out: LinkEl[] = scan.links.map(({ el, inBody }) => ({
    rel: (el.getAttribute('rel') ?? '').trim().toLowerCase(),
    hrefRaw: el.getAttribute('href') ?? '',
    hreflang: el.getAttribute('hreflang') ?? '',
    source: inBody ? 'body' : 'head',
  }));
  for (const value of header(extras, 'link')) {
    for (const part of value.split(/,(?=\s*<)/).slice(0, 100)) {
      const m = /^\s*<([^>]*)>(.*)$/.exec(part);
      if (!m) continue;
      const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]!)?.[1] ?? '';
      const hreflang = /;\s*hreflang\s*=\s*"?([^";]+)"?/i.exec(m[2]!)?.[1] ?? '';
      out.push({ rel: rel.trim().toLowerCase(), hrefRaw: m[1]!, hreflang, source: 'headers' });
    }
  }
  return out;
}

function hreflangAudit(
  links: LinkEl[],
  scan: PageScan,
): { finding: Finding; table: { lang: string; href: string }[] } {
  const failing: string[] = [];
  const table: { lang: string; href: string }[] = [];
  for (const link of links) {
    if (link.rel !== 'alternate' || !link.hreflang || link.source === 'body') continue;
    table.push({
      lang: link.hreflang.slice(0, 40),
      href: (resolveUrl(link.hrefRaw, scan.base)?.href ?? link.hrefRaw).slice(0, 500),
    });
    const reasons: string[] = [];
    const lang = link.hreflang;
    if (lang.toLowerCase() !== 'x-default' && !isValidLang(lang.split('-')[0]!))
      reasons.push('unexpected language code');
    const href = link.hrefRaw.toLowerCase();
    if (!href.startsWith('http:') && !href.startsWith('https:')) reasons.push('relative href');
    if (reasons.length > 0)
      failing.push(
        `hreflang="${lang.slice(0, 30)}" href="${link.hrefRaw.slice(0, 100)}" — ${reasons.join(', ')}`,
      );
  }
  if (failing.length > 0) {
    return {
      finding: finding(
        'hreflang',
        'fail',
        'Document doesn’t have a valid hreflang',
        `${failing.length} hreflang link${failing.length === 1 ? '' : 's'} are invalid.`,
        'Use language codes like "de" or "de-AT" (or x-default) with absolute URLs.',
        failing,
      ),
      table,
    };
  }
  if (table.length === 0)
    return {
      finding: finding(
        'hreflang',
        'pass',
        'Document has a valid hreflang',
        'No hreflang links; nothing to check.',
        'Nothing to do.',
      ),
      table,
    };
  return {
    finding: finding(
      'hreflang',
      'pass',
      'Document has a valid hreflang',
      `${table.length} valid alternate language links.`,
      'Nothing to do.',
    ),
    table,
  };
}

function canonicalAudit(links: LinkEl[], scan: PageScan): { finding: Finding; canonical?: string } {
  const unique = new Set<string>();
  const hreflangUrls = new Set<string>();
  let invalid: string | undefined;
  let relative: string | undefined;
  for (const link of links) {
    if (link.source === 'body') continue;
    if (link.rel === 'canonical') {
      if (!link.hrefRaw) continue;
      const resolved = resolveUrl(link.hrefRaw, scan.base);
      if (!resolved) {
        invalid = link.hrefRaw;
        continue;
      }
      let parsed: URL;
      try {
        parsed = new URL(link.hrefRaw);
      } catch {
        invalid = link.hrefRaw;
        continue;
      }
      if (!parsed.origin || parsed.origin === 'null') relative = link.hrefRaw;
      else unique.add(resolved.href);
    } else if (link.rel === 'alternate' && link.hreflang) {
      const resolved = resolveUrl(link.hrefRaw, scan.base);
      if (resolved) hreflangUrls.add(resolved.href);
    }
  }
  const fail = (detail: string, fix: string, elements?: string[]) => ({
    finding: finding(
      'canonical',
      'fail',
      'Document does not have a valid rel=canonical',
      detail,
      fix,
      elements,
    ),
  });
  if (invalid !== undefined)
    return fail(
      `Invalid URL (${invalid.slice(0, 120)}).`,
      'Write the canonical link as a full absolute URL, e.g. https://shop.example/products/x.',
      [invalid.slice(0, 200)],
    );
  if (relative !== undefined)
    return fail(
      `Is not an absolute URL (${relative.slice(0, 120)}).`,
      'Write the canonical link as a full absolute URL.',
      [relative.slice(0, 200)],
    );
  const urls = [...unique];
  if (urls.length === 0) {
    return {
      finding: finding(
        'canonical',
        'n/a',
        'rel=canonical',
        'The page declares no canonical URL.',
        'Add <link rel="canonical"> pointing at the preferred URL of this page.',
      ),
    };
  }
  if (urls.length > 1)
    return fail(
      `Multiple conflicting URLs (${urls.join(', ').slice(0, 300)}).`,
      'Keep exactly one canonical link.',
      urls,
    );
  const canonical = new URL(urls[0]!);
  const base = scan.base;
  if (base) {
    if (
      hreflangUrls.has(base.href) &&
      hreflangUrls.has(canonical.href) &&
      base.href !== canonical.href
    ) {
      return {
        ...fail(
          `Points to another hreflang location (${base.href}).`,
          'Point the canonical at this language version itself, not at another language.',
        ),
        canonical: canonical.href,
      };
    }
    if (canonical.origin === base.origin && canonical.pathname === '/' && base.pathname !== '/') {
      return {
        ...fail(
          'Points to the domain’s root URL (the homepage) instead of an equivalent page of content.',
          'Point the canonical at this product page’s own URL.',
        ),
        canonical: canonical.href,
      };
    }
  }
  return {
    finding: finding(
      'canonical',
      'pass',
      'Document has a valid rel=canonical',
      canonical.href,
      'Nothing to do.',
    ),
    canonical: canonical.href,
  };
}

function headingFindings(headings: SeoHeading[]): Finding[] {
  const h1 = headings.filter((h) => h.level === 1);
  const out: Finding[] = [];
  if (h1.length === 0)
    out.push(
      finding(
        'single-h1',
        'fail',
        'No <h1> heading',
        'The page has no main heading.',
        'Wrap the product name in one <h1>.',
      ),
    );
  else if (h1.length > 1)
    out.push(
      finding(
        'single-h1',
        'warn',
        'Several <h1> headings',
        `${h1.length} <h1> headings compete for the main topic.`,
        'Keep one <h1> (the product name) and demote the others.',
        h1.map((h) => h.text),
      ),
    );
  else
    out.push(
      finding('single-h1', 'pass', 'One <h1> heading', `"${h1[0]!.text}"`, 'Nothing to do.'),
    );
  const skipped: string[] = [];
  let prev = 0;
  for (const h of headings) {
    if (prev > 0 && h.level > prev + 1)
      skipped.push(`h${prev} → h${h.level} "${h.text.slice(0, 60)}"`);
    prev = h.level;
  }
  if (skipped.length > 0)
    out.push(
      finding(
        'heading-order',
        'warn',
        'Heading levels are skipped',
        `${skipped.length} place${skipped.length === 1 ? '' : 's'} jump more than one level.`,
        'Nest headings one level at a time (h2 under h1, h3 under h2).',
        skipped,
      ),
    );
  else if (headings.length > 0)
    out.push(
      finding(
        'heading-order',
        'pass',
        'Heading levels are in order',
        'No skipped heading levels.',
        'Nothing to do.',
      ),
    );
  return out;
}

function metaMap(scan: PageScan, prefix: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let n = 0;
  for (const m of scan.metas) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    if (!key.startsWith(prefix) || key in out || ++n > 60) continue;
    out[key] = (m.getAttribute('content') ?? '').slice(0, 500);
  }
  return out;
}

/** Counts whitespace-separated tokens that contain a letter or digit, fed in pieces (a char loop: pages are large). */
class WordCounter {
  count = 0;
  private inWord = false;
  private hasAlnum = false;

  feed(text: string, from = 0, to = text.length): void {
    let { count, inWord, hasAlnum } = this;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      const space = c <= 32 || c === 160 || c === 0x2009 || c === 0x202f || c === 0x3000;
      if (space) {
        if (inWord && hasAlnum) count++;
        inWord = false;
        hasAlnum = false;
      } else {
        inWord = true;
        // ASCII letters/digits, or anything beyond ASCII (letters of other scripts).
        if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127)
          hasAlnum = true;
      }
    }
    this.count = count;
    this.inWord = inWord;
    this.hasAlnum = hasAlnum;
  }

  /** The count once the text has ended. */
  end(): number {
    return this.count + (this.inWord && this.hasAlnum ? 1 : 0);
  }
}

function countWords(text: string): number {
  const counter = new WordCounter();
  counter.feed(text);
  return counter.end();
}

/** Characters of body text counted per step of a staged analysis. */
const WORD_CHARS_PER_STEP = 128 * 1024;

/** Words of page copy in the body (scripts, styles and templates excluded), in steps. */
function* wordCountSteps(scan: PageScan): Steps<number> {
  const body = scan.doc.body;
  if (!body) return 0;
  const text = body.textContent ?? '';
  const counter = new WordCounter();
  for (let from = 0; from < text.length; from += WORD_CHARS_PER_STEP) {
    if (from > 0) yield;
    counter.feed(text, from, Math.min(text.length, from + WORD_CHARS_PER_STEP));
  }
  let total = counter.end();
  for (const el of scan.nonTextInBody) total -= countWords(el.textContent ?? '');
  return Math.max(0, total);
}

function linksSummary(scan: PageScan): SeoReport['links'] {
  const host = scan.base?.hostname.replace(/^www\./, '');
  let internal = 0;
  let external = 0;
  let nofollow = 0;
  const links = anchorLinks(scan);
  for (let i = 0; i < scan.anchors.length; i++) {
    const a = scan.anchors[i]!;
    const u = links[i]!.url;
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) continue;
    if (u.hostname.replace(/^www\./, '') === host) internal++;
    else external++;
    if (/\bnofollow\b/i.test(a.getAttribute('rel') ?? '')) nofollow++;
  }
  return { internal, external, nofollow };
}

/**
 * Lighthouse-equivalent SEO score: the weighted share of passing Lighthouse audits (weights from
 * Lighthouse's default config; n/a audits left out, as Lighthouse leaves out not-applicable ones).
 * Advice and extension checks never count.
 */
function score(findings: Finding[], checks: readonly SeoCheck[]): number {
  let total = 0;
  let got = 0;
  for (const f of findings) {
    const def = checks.find((c) => c.id === f.id);
    if (!def?.weight || f.status === 'n/a') continue;
    total += def.weight;
    got += f.status === 'pass' ? def.weight : 0;
  }
  return total === 0 ? 100 : Math.round((got / total) * 100);
}

/** Everything the SEO checks read, computed once per page. */
export interface SeoContext {
  scan: PageScan;
  extras: PageExtras;
  now: number;
  title: string;
  description: string;
  descriptionFinding: Finding;
  headings: SeoHeading[];
  links: LinkEl[];
  hreflang: { finding: Finding; table: { lang: string; href: string }[] };
  canonical: { finding: Finding; canonical?: string };
  openGraph: Record<string, string>;
  twitter: Record<string, string>;
  lang: string;
  words: number;
  /** The page describes a product (structured data, Open Graph product, or a visible price). */
  productPage: boolean;
}

/** A page check: its registry entry (see checks.ts) plus how it runs. */
export interface SeoCheck {
  id: string;
  /** The Lighthouse SEO audit this check reproduces (same id, same pass/fail), if any. */
  lighthouse?: string;
  /** 'failing': a failed result fails the page; 'advice': shown apart as "could improve". */
  severity: 'failing' | 'advice';
  /** Weight in the Lighthouse-equivalent score (Lighthouse audits only). */
  weight?: number;
  area: 'seo' | 'merchant';
  /** One line for the docs and the panel's "what is this". */
  doc: string;
  run?: (ctx: SeoContext) => Finding | undefined;
}

const isValid = (lang: string) => isValidLang(lang.split('-')[0]!);

/** Every SEO check, in the order the panel shows them. Adding a check is one entry here. */
export const SEO_CHECKS = {
  'is-crawlable': {
    id: 'is-crawlable',
    lighthouse: 'is-crawlable',
    severity: 'failing',
    weight: 93 / 23,
    area: 'seo',
    doc: 'Search engines may index the page: no noindex in meta robots, X-Robots-Tag or robots.txt for every crawler.',
    run: (c) => isCrawlable(c.scan, c.extras, c.now),
  },
  'document-title': {
    id: 'document-title',
    lighthouse: 'document-title',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'The page has a non-empty <title>.',
    run: (c) => documentTitle(c.title || undefined),
  },
  'meta-description': {
    id: 'meta-description',
    lighthouse: 'meta-description',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'The page has a non-empty meta description.',
    run: (c) => c.descriptionFinding,
  },
  'http-status-code': {
    id: 'http-status-code',
    lighthouse: 'http-status-code',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'The page is served with a status below 400 (known only when the page is checked as served).',
    run: (c) => httpStatus(c.extras.status),
  },
  'link-text': {
    id: 'link-text',
    lighthouse: 'link-text',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'Links say where they go, not "click here" or a bare URL (Lighthouse’s word lists per language).',
    run: (c) => linkText(c.scan),
  },
  'crawlable-anchors': {
    id: 'crawlable-anchors',
    lighthouse: 'crawlable-anchors',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'Links have an href crawlers can follow (not javascript:void(0), not missing on a scripted link).',
    run: (c) => crawlableAnchors(c.scan, c.extras),
  },
  'robots-txt': {
    id: 'robots-txt',
    lighthouse: 'robots-txt',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'robots.txt answers and every line is understood (when it was fetched).',
    run: (c) => robotsTxt(c.extras),
  },
  'image-alt': {
    id: 'image-alt',
    lighthouse: 'image-alt',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'Visible images have alt text (axe’s image-alt rule, as Lighthouse runs it).',
    run: (c) => imageAlt(c.scan),
  },
  hreflang: {
    id: 'hreflang',
    lighthouse: 'hreflang',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'hreflang links use valid language codes and absolute URLs.',
    run: (c) => c.hreflang.finding,
  },
  canonical: {
    id: 'canonical',
    lighthouse: 'canonical',
    severity: 'failing',
    weight: 1,
    area: 'seo',
    doc: 'One valid, absolute rel=canonical that is not the home page or another language.',
    run: (c) => c.canonical.finding,
  },
  'title-length': {
    id: 'title-length',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: titles under 50 characters show whole in results; over 60 are cut.',
    run: (c) => titleLength(c.title || undefined),
  },
  'description-length': {
    id: 'description-length',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: descriptions under 150 characters show whole; over 160 are cut.',
    run: (c) => descriptionLength(c.description),
  },
  'single-h1': {
    id: 'single-h1',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: one <h1> naming the page’s subject.',
    run: (c) => headingFindings(c.headings)[0],
  },
  'heading-order': {
    id: 'heading-order',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: heading levels go down one at a time.',
    run: (c) => headingFindings(c.headings).find((f) => f.id === 'heading-order'),
  },
  'open-graph': {
    id: 'open-graph',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: og:title, og:description, og:image and og:url for shared links.',
    run: (c) => openGraphFinding(c.openGraph),
  },
  'twitter-card': {
    id: 'twitter-card',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: a twitter:card for links shared on X.',
    run: (c) => twitterFinding(c.twitter),
  },
  'html-lang': {
    id: 'html-lang',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice: <html lang> with a valid language code.',
    run: (c) =>
      c.lang
        ? finding(
            'html-lang',
            isValid(c.lang) ? 'pass' : 'warn',
            'Page language',
            `lang="${c.lang.slice(0, 20)}"`,
            isValid(c.lang)
              ? 'Nothing to do.'
              : 'Use a valid language code such as "en" or "de-DE".',
          )
        : finding(
            'html-lang',
            'warn',
            'Page language is not declared',
            'The <html> element has no lang attribute.',
            'Add lang="…" to the <html> element.',
          ),
  },
  'word-count': {
    id: 'word-count',
    severity: 'advice',
    area: 'seo',
    doc: 'Advice, product pages only: 200 words or more of product copy.',
    run: (c) =>
      !c.productPage
        ? finding(
            'word-count',
            'n/a',
            'Text on the page',
            'Not a product page: no word-count advice.',
            'Nothing to do.',
          )
        : c.words >= 200
          ? finding(
              'word-count',
              'pass',
              'Enough text on the page',
              `${c.words} words.`,
              'Nothing to do.',
            )
          : finding(
              'word-count',
              'warn',
              'Thin content',
              `${c.words} words of text.`,
              'Add a useful product description (materials, sizing, care), 200 words or more.',
            ),
  },
  'analysis-truncated': {
    id: 'analysis-truncated',
    severity: 'advice',
    area: 'seo',
    doc: 'Shown only when the page was too large to read whole.',
    run: (c) =>
      c.scan.truncated
        ? finding(
            'analysis-truncated',
            'warn',
            'Page too large to analyse fully',
            `Only the first ${c.scan.elementCount} matching elements were read.`,
            'Treat counts on this page as lower bounds.',
          )
        : undefined,
  },
} as const satisfies Record<string, SeoCheck & { run: (ctx: SeoContext) => Finding | undefined }>;

/** The SEO checks in panel order. */
export const SEO_CHECK_LIST: readonly SeoCheck[] = Object.values(SEO_CHECKS);

function openGraphFinding(openGraph: Record<string, string>): Finding {
  const missing = ['og:title', 'og:description', 'og:image', 'og:url'].filter((k) => !openGraph[k]);
  return missing.length === 0
    ? finding(
        'open-graph',
        'pass',
        'Open Graph tags are complete',
        'Shares show a title, description and image.',
        'Nothing to do.',
      )
    : finding(
        'open-graph',
        'warn',
        'Open Graph tags are missing',
        `Missing: ${missing.join(', ')}.`,
        'Add the missing og: tags so shared links show the product properly.',
        missing,
      );
}

function twitterFinding(twitter: Record<string, string>): Finding {
  return twitter['twitter:card']
    ? finding(
        'twitter-card',
        'pass',
        'Twitter card is set',
        `twitter:card = ${twitter['twitter:card']}`,
        'Nothing to do.',
      )
    : finding(
        'twitter-card',
        'warn',
        'No Twitter card',
        'Links shared on X fall back to Open Graph or a bare URL.',
        'Add <meta name="twitter:card" content="summary_large_image">.',
      );
}

/** A product page: structured or Open Graph product data, or a price shown beside the title. */
function looksLikeProductPage(scan: PageScan): boolean {
  try {
    return extractProductsDetailed(scan).products.length > 0;
  } catch {
    return false;
  }
}

/** SEO audit from an existing scan (analyzePage shares one scan between analysers). */
export function auditSeoFromScan(
  scan: PageScan,
  extras: PageExtras = {},
  options: { productPage?: boolean; checks?: readonly SeoCheck[] } = {},
): SeoReport {
  return runSteps(auditSeoSteps(scan, extras, options));
}

/** auditSeoFromScan in steps: the shared reads, the word count, then each check (see steps.ts). */
export function* auditSeoSteps(
  scan: PageScan,
  extras: PageExtras = {},
  options: { productPage?: boolean; checks?: readonly SeoCheck[] } = {},
): Steps<SeoReport> {
  const checks = options.checks ?? SEO_CHECK_LIST;
  const titleEl = scan.title[0];
  const title = titleEl ? textOf(titleEl, 1000) : '';
  const { finding: descriptionFinding, description } = metaDescription(scan);
  const headings: SeoHeading[] = scan.headings
    .slice(0, 300)
    .map((h) => ({ level: Number(tagOf(h).slice(1)), text: textOf(h, 200) }));
  const links = linkElements(scan, extras);
  const hreflang = hreflangAudit(links, scan);
  const canonical = canonicalAudit(links, scan);
  yield;
  const words = yield* wordCountSteps(scan);
  yield;
  // What the link checks share, read in steps before them (if this throws, so do those checks,
  // and each says it could not run).
  try {
    yield* anchorLinkSteps(scan);
    yield;
    yield* anchorTextSteps(scan);
  } catch {
    // As above.
  }
  const ctx: SeoContext = {
    scan,
    extras,
    now: extras.now ?? Date.now(),
    title,
    description,
    descriptionFinding,
    headings,
    links,
    hreflang,
    canonical,
    openGraph: metaMap(scan, 'og:'),
    twitter: metaMap(scan, 'twitter:'),
    lang: scan.htmlLang,
    words,
    productPage: options.productPage ?? looksLikeProductPage(scan),
  };
  const findings: Finding[] = [];
  for (const check of checks) {
    yield;
    let f: Finding | undefined;
    try {
      f = check.run?.(ctx);
    } catch {
      f = finding(
        check.id,
        'n/a',
        check.id,
        'This check could not run on this page.',
        'Nothing to do.',
      );
    }
    if (!f) continue;
    // Only a Lighthouse failing condition fails; advice is "could improve" at worst.
    if (check.severity === 'advice' && f.status === 'fail') f.status = 'warn';
    f.severity = check.severity;
    if (check.lighthouse) f.lighthouse = check.lighthouse;
    findings.push(f);
  }
  yield;
  const report: SeoReport = {
    score: score(findings, checks),
    findings,
    headings,
    snippet: { title, description, url: ctx.canonical.canonical ?? scan.base?.href ?? '' },
    openGraph: ctx.openGraph,
    twitter: ctx.twitter,
    hreflang: ctx.hreflang.table,
    links: linksSummary(scan),
    wordCount: ctx.words,
    lang: ctx.lang,
  };
  if (ctx.canonical.canonical) report.canonical = ctx.canonical.canonical;
  return report;
}

/** SEO audit of a document: Lighthouse's SEO checks (same ids, same pass/fail) plus extension extras. */
export function auditSeo(
  doc: Document,
  url: string,
  extras: PageExtras = {},
  checks?: readonly SeoCheck[],
): SeoReport {
  try {
    return auditSeoFromScan(scanPage(doc, url), extras, checks ? { checks } : {});
  } catch {
    return emptySeoReport(url);
  }
}

/** The report for a page that could not be read at all. */
export function emptySeoReport(url: string): SeoReport {
  return {
    score: 0,
    findings: [
      finding(
        'analysis-error',
        'fail',
        'Page could not be analysed',
        'The document could not be read.',
        'Reload the page and try again.',
      ),
    ],
    headings: [],
    snippet: { title: '', description: '', url },
    openGraph: {},
    twitter: {},
    hreflang: [],
    links: { internal: 0, external: 0, nofollow: 0 },
    wordCount: 0,
    lang: '',
  };
}
