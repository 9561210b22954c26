// Which platform runs a storefront, weighed from independent signals. False positives are common
// (Shop Pay loads Shopify's CDN on other platforms; Shopify themes get copied), so no single weak
// signal decides: weights combine as independent evidence (noisy-OR) and each is shown to the user.
import type {
  Evidence,
  PageExtras,
  PageGlobals,
  PlatformName,
  PlatformResult,
  TechCategory,
  TechItem,
} from './types.ts';
import type { PageScan } from './scan.ts';
import { scanPage } from './scan.ts';
import { scriptsOf } from './raw.ts';
import { shopifyBootstrap } from './platformData.ts';
import { asCurrency } from './normalize.ts';

/** Below this combined score the platform is reported as unknown. */
const MIN_SCORE = 0.35;

interface Signals {
  /** Script src, stylesheet and preload hrefs. */
  assets: string[];
  inline: string[];
  generator: string[];
  metaNames: Map<string, string>;
  headers: Map<string, string>;
  globals: PageGlobals;
  cookies: string[];
  bodyClass: string;
  hasMagentoInit: boolean;
  hasWooVariations: boolean;
  hasDataMageInit: boolean;
}

type Test = (s: Signals) => string | undefined;
interface Rule {
  platform: Exclude<PlatformName, 'unknown'>;
  signal: string;
  weight: number;
  test: Test;
}

const asset =
  (re: RegExp): Test =>
  (s) =>
    s.assets.find((a) => re.test(a))?.slice(0, 160);
const inline =
  (needle: string | RegExp): Test =>
  (s) => {
    for (const t of s.inline) {
      const m =
        typeof needle === 'string'
          ? t.includes(needle)
            ? needle
            : undefined
          : needle.exec(t)?.[0];
      if (m) return `inline script contains "${m.slice(0, 60)}"`;
    }
    return undefined;
  };
const global =
  (...keys: string[]): Test =>
  (s) => {
    const k = keys.find((key) => s.globals[key] !== undefined && s.globals[key] !== false);
    return k ? `window.${k}` : undefined;
  };
const header =
  (re: RegExp): Test =>
  (s) => {
    for (const [name, value] of s.headers)
      if (re.test(name) || re.test(`${name}: ${value}`)) return `${name}: ${value.slice(0, 80)}`;
    return undefined;
  };
const cookie =
  (re: RegExp): Test =>
  (s) =>
    s.cookies.find((c) => re.test(c));
const generator =
  (re: RegExp): Test =>
  (s) =>
    s.generator.find((g) => re.test(g));
const meta =
  (name: string, re: RegExp = /./): Test =>
  (s) => {
    const v = s.metaNames.get(name);
    return v !== undefined && re.test(v)
      ? `<meta name="${name}" content="${v.slice(0, 60)}">`
      : undefined;
  };

const RULES: Rule[] = [
  // Shopify
  {
    platform: 'shopify',
    signal: 'global',
    weight: 0.9,
    test: global('Shopify.shop', 'ShopifyAnalytics'),
  },
  {
    platform: 'shopify',
    signal: 'bootstrap script',
    weight: 0.85,
    test: inline(/Shopify\.(?:shop|theme)\s*=/),
  },
  {
    platform: 'shopify',
    signal: 'checkout meta',
    weight: 0.9,
    test: meta('shopify-checkout-api-token'),
  },
  { platform: 'shopify', signal: 'wallet meta', weight: 0.8, test: meta('shopify-digital-wallet') },
  {
    platform: 'shopify',
    signal: 'response header',
    weight: 0.9,
    test: header(/^x-shopid$|^x-shopify-stage$|powered-by: shopify/i),
  },
  { platform: 'shopify', signal: 'cookie', weight: 0.6, test: cookie(/^_shopify_[ys]$/) },
  {
    platform: 'shopify',
    signal: 'theme assets',
    weight: 0.5,
    test: asset(/cdn\.shopify\.com\/s\/files\/|\/cdn\/shop\/t\/\d+\/assets\//),
  },
  {
    platform: 'shopify',
    signal: 'theme sections',
    weight: 0.2,
    test: (s) => (/\bshopify-section\b/.test(s.bodyClass) ? 'shopify-section markup' : undefined),
  },
  // Shop Pay's own components load from Shopify's CDN on any platform: recorded, barely weighed.
  {
    platform: 'shopify',
    signal: 'Shop Pay component (also used off Shopify)',
    weight: 0.05,
    test: asset(/shopifycloud\/shop-js|shop\.app\//),
  },
  // WooCommerce
  {
    platform: 'woocommerce',
    signal: 'global',
    weight: 0.9,
    test: global('woocommerce_params', 'wc_add_to_cart_params'),
  },
  {
    platform: 'woocommerce',
    signal: 'inline params',
    weight: 0.8,
    test: inline(/\b(?:woocommerce_params|wc_add_to_cart_params)\b/),
  },
  { platform: 'woocommerce', signal: 'generator', weight: 0.9, test: generator(/woocommerce/i) },
  {
    platform: 'woocommerce',
    signal: 'plugin assets',
    weight: 0.7,
    test: asset(/\/wp-content\/plugins\/woocommerce\//),
  },
  {
    platform: 'woocommerce',
    signal: 'body class',
    weight: 0.4,
    test: (s) =>
      /\bwoocommerce(?:-page)?\b/.test(s.bodyClass) ? 'woocommerce classes' : undefined,
  },
  {
    platform: 'woocommerce',
    signal: 'variation form',
    weight: 0.5,
    test: (s) => (s.hasWooVariations ? 'data-product_variations form' : undefined),
  },
  // Magento / Adobe Commerce
  {
    platform: 'magento',
    signal: 'x-magento-init',
    weight: 0.9,
    test: (s) => (s.hasMagentoInit ? 'script[type="text/x-magento-init"]' : undefined),
  },
  {
    platform: 'magento',
    signal: 'data-mage-init',
    weight: 0.6,
    test: (s) => (s.hasDataMageInit ? 'data-mage-init attributes' : undefined),
  },
  {
    platform: 'magento',
    signal: 'static assets',
    weight: 0.6,
    test: asset(/\/static\/(?:version\d+\/)?(?:frontend|_requirejs)\//),
  },
  { platform: 'magento', signal: 'global', weight: 0.6, test: global('Mage') },
  {
    platform: 'magento',
    signal: 'cookie',
    weight: 0.7,
    test: cookie(/^mage-cache-(?:storage|sessid)/),
  },
  { platform: 'magento', signal: 'response header', weight: 0.9, test: header(/^x-magento-/i) },
  // BigCommerce
  {
    platform: 'bigcommerce',
    signal: 'global',
    weight: 0.9,
    test: global('BCData', 'bigcommerce_config'),
  },
  { platform: 'bigcommerce', signal: 'inline BCData', weight: 0.8, test: inline(/\bBCData\s*=/) },
  {
    platform: 'bigcommerce',
    signal: 'platform meta',
    weight: 0.9,
    test: meta('platform', /bigcommerce/i),
  },
  {
    platform: 'bigcommerce',
    signal: 'CDN assets',
    weight: 0.6,
    test: asset(/cdn\d*\.bigcommerce\.com\//),
  },
  { platform: 'bigcommerce', signal: 'response header', weight: 0.8, test: header(/^x-bc-/i) },
  // PrestaShop
  { platform: 'prestashop', signal: 'global', weight: 0.8, test: global('prestashop') },
  {
    platform: 'prestashop',
    signal: 'inline prestashop object',
    weight: 0.8,
    test: inline(/var\s+prestashop\s*=/),
  },
  { platform: 'prestashop', signal: 'generator', weight: 0.9, test: generator(/prestashop/i) },
  {
    platform: 'prestashop',
    signal: 'module assets',
    weight: 0.6,
    test: asset(/\/modules\/ps_[a-z]+\//),
  },
  // Shopware 6
  {
    platform: 'shopware',
    signal: 'storefront bundle',
    weight: 0.7,
    test: asset(/\/bundles\/storefront\//),
  },
  {
    platform: 'shopware',
    signal: 'router script',
    weight: 0.5,
    test: inline(/window\.router\s*=\s*\{[^}]*frontend\./),
  },
  {
    platform: 'shopware',
    signal: 'body class',
    weight: 0.5,
    test: (s) =>
      /\bis-ctl-[a-z]+\b.*\bis-act-[a-z]+\b/.test(s.bodyClass)
        ? 'is-ctl-*/is-act-* classes'
        : undefined,
  },
  {
    platform: 'shopware',
    signal: 'response header',
    weight: 0.9,
    test: header(/^sw-(?:context-token|version-id|invalidation-states|language-id)$/i),
  },
  { platform: 'shopware', signal: 'generator', weight: 0.9, test: generator(/shopware/i) },
  // Squarespace
  {
    platform: 'squarespace',
    signal: 'global',
    weight: 0.9,
    test: global('Squarespace', 'Static.SQUARESPACE_CONTEXT.website.id'),
  },
  {
    platform: 'squarespace',
    signal: 'context script',
    weight: 0.9,
    test: inline(/Static\.SQUARESPACE_CONTEXT\s*=/),
  },
  {
    platform: 'squarespace',
    signal: 'CDN assets',
    weight: 0.6,
    test: asset(/(?:static1|assets)\.squarespace\.com\//),
  },
  // Wix
  { platform: 'wix', signal: 'generator', weight: 0.9, test: generator(/wix\.com/i) },
  {
    platform: 'wix',
    signal: 'CDN assets',
    weight: 0.6,
    test: asset(/static\.parastorage\.com\/|static\.wixstatic\.com\//),
  },
  { platform: 'wix', signal: 'global', weight: 0.8, test: global('Wix', 'wixBiSession') },
  { platform: 'wix', signal: 'response header', weight: 0.9, test: header(/^x-wix-request-id$/i) },
  // Salesforce Commerce Cloud
  {
    platform: 'salesforce-commerce-cloud',
    signal: 'demandware assets',
    weight: 0.8,
    test: asset(/\/on\/demandware\.static\//),
  },
  {
    platform: 'salesforce-commerce-cloud',
    signal: 'demandware links',
    weight: 0.6,
    test: inline(/\/on\/demandware\.store\//),
  },
  {
    platform: 'salesforce-commerce-cloud',
    signal: 'cookie',
    weight: 0.8,
    test: cookie(/^(?:dwsid|dwanonymous_)/),
  },
];

interface TechRule {
  name: string;
  category: TechCategory;
  assets?: RegExp;
  inline?: RegExp;
  globals?: string[];
  /** Response header (lower-case name) and the pattern its value must match. */
  header?: [string, RegExp];
  /** Generator meta tag pattern; its first group, if any, is the version. */
  generator?: RegExp;
  /** Where the version shows: a pattern over the matched asset URL (first group = version). */
  assetVersion?: RegExp;
  /** Version from a header value (first group). */
  headerVersion?: RegExp;
}

const TECH: TechRule[] = [
  {
    name: 'Google Tag Manager',
    category: 'tag-manager',
    assets: /googletagmanager\.com\/gtm\.js/,
    inline: /googletagmanager\.com\/gtm\.js|GTM-[A-Z0-9]{4,}/,
  },
  {
    name: 'Google Analytics 4',
    category: 'analytics',
    assets: /googletagmanager\.com\/gtag\/js\?id=G-/,
    inline: /gtag\(\s*['"]config['"]\s*,\s*['"]G-/,
    globals: ['gtag'],
  },
  {
    name: 'Google Analytics (Universal)',
    category: 'analytics',
    assets: /google-analytics\.com\/analytics\.js/,
    inline: /UA-\d{4,}-\d+/,
  },
  { name: 'Google Ads', category: 'marketing', inline: /gtag\(\s*['"]config['"]\s*,\s*['"]AW-/ },
  {
    name: 'Meta Pixel',
    category: 'marketing',
    assets: /connect\.facebook\.net\/.*fbevents\.js/,
    inline: /fbq\(\s*['"]init['"]/,
    globals: ['fbq'],
  },
  {
    name: 'TikTok Pixel',
    category: 'marketing',
    assets: /analytics\.tiktok\.com/,
    inline: /ttq\.load\(/,
    globals: ['ttq'],
  },
  {
    name: 'Pinterest Tag',
    category: 'marketing',
    assets: /s\.pinimg\.com\/ct\/core\.js/,
    inline: /pintrk\(/,
  },
  {
    name: 'Klaviyo',
    category: 'marketing',
    assets: /static\.klaviyo\.com|klaviyo\.com\/onsite/,
    globals: ['klaviyo'],
  },
  { name: 'Mailchimp', category: 'marketing', assets: /chimpstatic\.com|list-manage\.com/ },
  {
    name: 'Hotjar',
    category: 'analytics',
    assets: /static\.hotjar\.com/,
    inline: /static\.hotjar\.com|hjid\s*:/,
  },
  {
    name: 'Microsoft Clarity',
    category: 'analytics',
    assets: /clarity\.ms\/tag/,
    inline: /clarity\.ms\/tag/,
  },
  { name: 'Judge.me', category: 'reviews', assets: /judge\.me\// },
  { name: 'Yotpo', category: 'reviews', assets: /yotpo\.com\// },
  { name: 'Trustpilot', category: 'reviews', assets: /widget\.trustpilot\.com/ },
  { name: 'Okendo', category: 'reviews', assets: /okendo\.io/ },
  { name: 'Stamped.io', category: 'reviews', assets: /stamped\.io/ },
  { name: 'Reviews.io', category: 'reviews', assets: /reviews\.io|reviews\.co\.uk/ },
  { name: 'Trusted Shops', category: 'reviews', assets: /trustedshops\./ },
  { name: 'Bazaarvoice', category: 'reviews', assets: /bazaarvoice\.com/ },
  { name: 'PayPal', category: 'payments', assets: /paypal\.com\/sdk\/js|paypalobjects\.com/ },
  { name: 'Stripe', category: 'payments', assets: /js\.stripe\.com/ },
  { name: 'Klarna', category: 'payments', assets: /klarna(?:services)?\.(?:com|net)|klarnacdn/ },
  { name: 'Afterpay / Clearpay', category: 'payments', assets: /afterpay\.com|clearpay\.co\.uk/ },
  {
    name: 'Shop Pay',
    category: 'payments',
    assets: /shopifycloud\/shop-js|shop\.app\//,
  },
  { name: 'Adyen', category: 'payments', assets: /checkoutshopper-[a-z]+\.adyen\.com/ },
  { name: 'Mollie', category: 'payments', assets: /js\.mollie\.com/ },
  { name: 'Intercom', category: 'chat', assets: /widget\.intercom\.io/ },
  { name: 'Zendesk', category: 'chat', assets: /static\.zdassets\.com/ },
  { name: 'Tidio', category: 'chat', assets: /code\.tidio\.co/ },
  { name: 'Gorgias', category: 'chat', assets: /gorgias\.(?:chat|io)/ },
  { name: 'Cookiebot', category: 'consent', assets: /consent\.cookiebot\.com/ },
  { name: 'OneTrust', category: 'consent', assets: /cdn\.cookielaw\.org/ },
  { name: 'Usercentrics', category: 'consent', assets: /usercentrics\.eu/ },
  { name: 'Algolia', category: 'search', assets: /algolia(?:net)?\.(?:com|net)|algoliasearch/ },
  { name: 'Klevu', category: 'search', assets: /klevu\.com/ },
  { name: 'Searchanise', category: 'search', assets: /searchanise\.com/ },
  // Site and server: versions where the page shows them.
  {
    name: 'WordPress',
    category: 'infrastructure',
    generator: /^WordPress\s*([\d.]+)?/i,
    assets: /\/wp-(?:includes|content)\//,
  },
  {
    name: 'jQuery',
    category: 'infrastructure',
    assets: /jquery(?:[.-]\d[\w.]*)?(?:\.min)?\.js|\/jquery\/\d/i,
    assetVersion:
      /jquery[.-](\d+\.\d+(?:\.\d+)?)|\/jquery\/(\d+\.\d+(?:\.\d+)?)\/|jquery(?:\.min)?\.js\?ver=(\d+\.\d+(?:\.\d+)?)/i,
  },
  {
    name: 'Cloudflare',
    category: 'infrastructure',
    header: ['server', /cloudflare/i],
    assets: /\/cdn-cgi\/|cdnjs\.cloudflare\.com|static\.cloudflareinsights\.com/,
  },
  {
    name: 'PHP',
    category: 'infrastructure',
    header: ['x-powered-by', /php/i],
    headerVersion: /PHP\/([\d.]+)/i,
  },
  {
    name: 'Nginx',
    category: 'infrastructure',
    header: ['server', /nginx/i],
    headerVersion: /nginx\/([\d.]+)/i,
  },
  {
    name: 'Apache',
    category: 'infrastructure',
    header: ['server', /apache/i],
    headerVersion: /Apache\/([\d.]+)/i,
  },
  { name: 'Fastly', category: 'infrastructure', header: ['x-served-by', /cache-/i] },
  { name: 'Varnish', category: 'infrastructure', header: ['via', /varnish/i] },
  {
    name: 'Elementor',
    category: 'infrastructure',
    generator: /^Elementor\s*([\d.]+)?/i,
    assets: /\/plugins\/elementor\//,
  },
  // Reviews
  { name: 'Loox', category: 'reviews', assets: /loox\.io/ },
  { name: 'Junip', category: 'reviews', assets: /junip\.co/ },
  { name: 'Feefo', category: 'reviews', assets: /feefo\.com/ },
  { name: 'PowerReviews', category: 'reviews', assets: /powerreviews\.com/ },
  {
    name: 'Shopify Product Reviews',
    category: 'reviews',
    assets: /productreviews\.shopifycdn\.com/,
  },
  {
    name: 'Google Customer Reviews',
    category: 'reviews',
    assets: /apis\.google\.com\/js\/platform\.js\?onload=renderOptIn/,
  },
  // Email and SMS
  { name: 'Omnisend', category: 'email', assets: /omnisnippet|omnisrc\.com|omnisend\.com/ },
  { name: 'Privy', category: 'email', assets: /privy\.com|widget\.privy/ },
  { name: 'Attentive', category: 'email', assets: /attn\.tv|attentivemobile\.com/ },
  { name: 'Postscript', category: 'email', assets: /postscript\.io/ },
  { name: 'Drip', category: 'email', assets: /getdrip\.com/ },
  {
    name: 'Brevo (Sendinblue)',
    category: 'email',
    assets: /sibautomation\.com|sendinblue\.com|brevo\.com/,
  },
  {
    name: 'HubSpot',
    category: 'marketing',
    assets: /js\.hs-scripts\.com|js\.hsforms\.net|hs-analytics\.net/,
  },
  // Payments
  { name: 'Amazon Pay', category: 'payments', assets: /payments\.amazon\.|amazonpay/i },
  { name: 'Google Pay', category: 'payments', assets: /pay\.google\.com\/gp\/p\/js/ },
  { name: 'Affirm', category: 'payments', assets: /cdn1\.affirm\.com|affirm\.com\/js/ },
  { name: 'Sezzle', category: 'payments', assets: /sezzle\.com/ },
  { name: 'Zip', category: 'payments', assets: /quadpay\.com|zip\.co\// },
  { name: 'Braintree', category: 'payments', assets: /braintreegateway\.com|js\.braintreegateway/ },
  { name: 'Square', category: 'payments', assets: /squarecdn\.com|js\.squareup\.com/ },
  // Chat
  { name: 'Drift', category: 'chat', assets: /js\.driftt\.com/ },
  { name: 'LiveChat', category: 'chat', assets: /cdn\.livechatinc\.com/ },
  { name: 'Crisp', category: 'chat', assets: /client\.crisp\.chat/ },
  { name: 'Tawk.to', category: 'chat', assets: /embed\.tawk\.to/ },
  {
    name: 'Freshchat',
    category: 'chat',
    assets: /wchat\.freshchat\.com|freshworks\.com\/live-chat/,
  },
  { name: 'Shopify Inbox', category: 'chat', assets: /shopify-chat|inbox\.shopify/ },
  { name: 'Re:amaze', category: 'chat', assets: /reamaze\.com/ },
  // A/B testing and personalisation
  { name: 'Optimizely', category: 'ab-testing', assets: /cdn\.optimizely\.com/ },
  {
    name: 'VWO',
    category: 'ab-testing',
    assets: /dev\.visualwebsiteoptimizer\.com/,
    inline: /_vwo_code/,
  },
  { name: 'Google Optimize', category: 'ab-testing', assets: /googleoptimize\.com/ },
  { name: 'AB Tasty', category: 'ab-testing', assets: /abtasty\.com/ },
  { name: 'Convert', category: 'ab-testing', assets: /cdn-\d+\.convertexperiments\.com/ },
  { name: 'Kameleoon', category: 'ab-testing', assets: /kameleoon\.(?:eu|com|io)/ },
  { name: 'Dynamic Yield', category: 'ab-testing', assets: /dynamicyield\.com/ },
  { name: 'Intelligems', category: 'ab-testing', assets: /intelligems\.io/ },
  // Analytics
  { name: 'Segment', category: 'analytics', assets: /cdn\.segment\.com/ },
  { name: 'Mixpanel', category: 'analytics', assets: /cdn\.mxpnl\.com|mixpanel/ },
  { name: 'Heap', category: 'analytics', assets: /heapanalytics\.com|cdn\.heapanalytics/ },
  { name: 'Matomo', category: 'analytics', assets: /matomo\.(?:js|php)|piwik\.(?:js|php)/ },
  { name: 'Plausible', category: 'analytics', assets: /plausible\.io\/js/ },
  {
    name: 'Adobe Analytics',
    category: 'analytics',
    assets: /assets\.adobedtm\.com|omniture|s_code\.js/,
  },
  { name: 'Amplitude', category: 'analytics', assets: /cdn\.amplitude\.com/ },
  { name: 'Lucky Orange', category: 'analytics', assets: /luckyorange\.(?:com|net)/ },
  {
    name: 'Cloudflare Web Analytics',
    category: 'analytics',
    assets: /static\.cloudflareinsights\.com/,
  },
];

function collectSignals(scan: PageScan, extras: PageExtras): Signals {
  const info = scriptsOf(scan);
  const assets = [...info.srcs];
  const metaNames = new Map<string, string>();
  const generatorValues: string[] = [];
  for (const l of scan.links) {
    const href = l.el.getAttribute('href');
    if (href) assets.push(href.slice(0, 500));
  }
  for (const m of scan.metas) {
    const name = (m.getAttribute('name') ?? '').trim().toLowerCase();
    if (!name) continue;
    const content = (m.getAttribute('content') ?? '').slice(0, 300);
    if (name === 'generator') generatorValues.push(content);
    if (!metaNames.has(name)) metaNames.set(name, content);
  }
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(extras.headers ?? {})) {
    if (typeof v === 'string') headers.set(k.toLowerCase(), v);
  }
  const body = scan.doc.body;
  const bodyClass =
    `${body?.getAttribute('class') ?? ''} ${scan.hasShopifySection ? 'shopify-section' : ''}`.slice(
      0,
      2000,
    );
  let hasWooVariations = false;
  for (const el of scan.dataElements)
    if (el.hasAttribute('data-product_variations')) hasWooVariations = true;
  const hasDataMageInit = scan.hasDataMageInit;
  const globals: PageGlobals = Object.create(null) as PageGlobals;
  for (const [k, v] of Object.entries(extras.globals ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') globals[k] = v;
  }
  return {
    assets,
    inline: info.inline,
    generator: generatorValues,
    metaNames,
    headers,
    globals,
    cookies: (extras.cookies ?? []).filter((c) => typeof c === 'string'),
    bodyClass,
    hasMagentoInit: info.magentoInit.length > 0,
    hasWooVariations,
    hasDataMageInit,
  };
}

function themeOf(platform: PlatformName, scan: PageScan, s: Signals): string | undefined {
  if (platform === 'shopify') {
    const g = s.globals['Shopify.theme.schema_name'] ?? s.globals['Shopify.theme.name'];
    if (typeof g === 'string' && g) return g.slice(0, 100);
    return shopifyBootstrap(scan).theme;
  }
  const patterns: Partial<Record<PlatformName, RegExp>> = {
    woocommerce: /\/wp-content\/themes\/([^/?#]+)\//,
    prestashop: /\/themes\/([^/?#]+)\/assets\//,
    magento: /\/static\/(?:version\d+\/)?frontend\/([^/]+\/[^/]+)\//,
    shopware: /\/theme\/([0-9a-f]{32})\//,
  };
  const re = patterns[platform];
  if (!re) return undefined;
  for (const a of s.assets) {
    const m = re.exec(a);
    if (m?.[1]) return decodeURIComponent(m[1]).slice(0, 100);
  }
  return undefined;
}

/** The platform's own version, where the page states it (generator tags). */
function versionOf(platform: PlatformName, s: Signals): string | undefined {
  const patterns: Partial<Record<PlatformName, RegExp>> = {
    woocommerce: /^WooCommerce\s+([\d.]+)/i,
    prestashop: /^PrestaShop\s*([\d.]+)/i,
    shopware: /^Shopware\s*([\d.]+)/i,
    magento: /^Magento\s*([\d.]+)/i,
  };
  const re = patterns[platform];
  if (!re) return undefined;
  for (const g of s.generator) {
    const v = re.exec(g)?.[1];
    if (v) return v.replace(/\.$/, '');
  }
  return undefined;
}

function techOf(s: Signals): TechItem[] {
  const out: TechItem[] = [];
  for (const t of TECH) {
    const evidence: string[] = [];
    if (t.assets) {
      const a = s.assets.find((x) => t.assets!.test(x));
      if (a) evidence.push(`loads ${a.slice(0, 120)}`);
    }
    if (t.inline && evidence.length === 0) {
      for (const text of s.inline) {
        const m = t.inline.exec(text);
        if (m) {
          evidence.push(`inline script contains "${m[0].slice(0, 60)}"`);
          break;
        }
      }
    }
    for (const g of t.globals ?? [])
      if (s.globals[g] !== undefined && s.globals[g] !== false) evidence.push(`window.${g}`);
    let version: string | undefined;
    if (t.generator) {
      const g = s.generator.find((x) => t.generator!.test(x));
      if (g) {
        evidence.unshift(`meta generator "${g.slice(0, 80)}"`);
        version = t.generator.exec(g)?.[1];
      }
    }
    if (t.header) {
      const value = s.headers.get(t.header[0]);
      if (value && t.header[1].test(value)) {
        evidence.push(`${t.header[0]}: ${value.slice(0, 80)} header`);
        version ??= t.headerVersion?.exec(value)?.[1];
      }
    }
    if (t.assetVersion && !version) {
      for (const a of s.assets) {
        const m = t.assetVersion.exec(a);
        const v = m?.slice(1).find(Boolean);
        if (v) {
          version = v;
          if (!evidence.some((e) => e.includes(a.slice(0, 120))))
            evidence.push(`loads ${a.slice(0, 120)}`);
          break;
        }
      }
    }
    if (evidence.length > 0) {
      const item: TechItem = { name: t.name, category: t.category, evidence };
      if (version) item.version = version.replace(/\.$/, '');
      out.push(item);
    }
  }
  if (s.globals['dataLayer'] !== undefined && !out.some((t) => t.name === 'Google Tag Manager')) {
    out.push({
      name: 'Google Tag Manager',
      category: 'tag-manager',
      evidence: ['window.dataLayer'],
    });
  }
  return out;
}

/** Detects the platform from an existing scan (used by analyzePage to avoid a second walk). */
export function detectPlatformFromScan(scan: PageScan, extras: PageExtras = {}): PlatformResult {
  const s = collectSignals(scan, extras);
  const byPlatform = new Map<PlatformName, Evidence[]>();
  for (const rule of RULES) {
    let detail: string | undefined;
    try {
      detail = rule.test(s);
    } catch {
      detail = undefined;
    }
    if (!detail) continue;
    const list = byPlatform.get(rule.platform) ?? [];
    list.push({ signal: rule.signal, detail, weight: rule.weight });
    byPlatform.set(rule.platform, list);
  }
  const candidates = [...byPlatform.entries()]
    .map(([platform, evidence]) => ({
      platform,
      score: Math.round((1 - evidence.reduce((p, e) => p * (1 - e.weight), 1)) * 1000) / 1000,
      evidence: evidence.sort((a, b) => b.weight - a.weight),
    }))
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  const tech = techOf(s);
  if (!best || best.score < MIN_SCORE) {
    return {
      platform: 'unknown',
      confidence: best ? Math.round((1 - best.score) * 100) / 100 : 1,
      evidence: [],
      candidates,
      tech,
    };
  }
  // A close runner-up lowers confidence: the page carries strong signals of two platforms.
  const runnerUp = candidates[1]?.score ?? 0;
  const confidence = Math.round(Math.max(0, best.score - runnerUp / 2) * 100) / 100;
  const result: PlatformResult = {
    platform: best.platform,
    confidence,
    evidence: best.evidence,
    candidates,
    tech,
  };
  const theme = themeOf(best.platform, scan, s);
  if (theme) {
    // Shopify themes announce "Warehouse 1.9.1" as their name, or a schema_version beside it.
    const schemaVersion = s.globals['Shopify.theme.schema_version'];
    const fromBootstrap =
      best.platform === 'shopify' ? shopifyBootstrap(scan).themeVersion : undefined;
    const named = /^(.*?)\s+v?(\d+\.\d+(?:\.\d+)?)$/.exec(theme);
    if (typeof schemaVersion === 'string' && schemaVersion)
      result.themeVersion = schemaVersion.slice(0, 20);
    else if (fromBootstrap) result.themeVersion = fromBootstrap;
    if (named) {
      result.theme = named[1]!;
      result.themeVersion ??= named[2]!;
    } else result.theme = theme;
  }
  const platformVersion = versionOf(best.platform, s);
  if (platformVersion) result.version = platformVersion;
  const currency =
    best.platform === 'shopify'
      ? (asCurrency(String(s.globals['Shopify.currency.active'] ?? '')) ??
        shopifyBootstrap(scan).currency)
      : best.platform === 'prestashop'
        ? asCurrency(String(s.globals['prestashop.currency.iso_code'] ?? ''))
        : undefined;
  if (currency) result.currency = currency;
  return result;
}

/** Which storefront platform runs the page, with weighted evidence, theme and other notable tech. */
export function detectPlatform(
  doc: Document,
  url: string,
  extras: Pick<PageExtras, 'headers' | 'globals' | 'cookies'> = {},
): PlatformResult {
  try {
    return detectPlatformFromScan(scanPage(doc, url), extras);
  } catch {
    return { platform: 'unknown', confidence: 0, evidence: [], candidates: [], tech: [] };
  }
}

/**
 * Runs in the page's MAIN world (serialised by `scripting.executeScript({ world: 'MAIN', func })`):
 * it must stay self-contained (no imports, no outer variables). Reads only own data properties, so
 * page getters never run, and returns plain strings, numbers and booleans, size-capped.
 */
export function pageGlobalsProbe(): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const root = globalThis as unknown as Record<string, unknown>;
  const read = (path: string): unknown => {
    let cur: unknown = root;
    for (const key of path.split('.')) {
      if (cur === null || (typeof cur !== 'object' && typeof cur !== 'function')) return undefined;
      let d: PropertyDescriptor | undefined;
      try {
        d = Object.getOwnPropertyDescriptor(cur, key);
      } catch {
        return undefined;
      }
      if (!d || !('value' in d)) return undefined;
      cur = d.value;
    }
    return cur;
  };
  const presence = [
    'Shopify',
    'ShopifyAnalytics',
    'woocommerce_params',
    'wc_add_to_cart_params',
    'Mage',
    'BCData',
    'bigcommerce_config',
    'prestashop',
    'Wix',
    'wixBiSession',
    'Squarespace',
    'dataLayer',
    'gtag',
    'fbq',
    'ttq',
    'klaviyo',
  ];
  for (const key of presence) {
    const v = read(key);
    if (v !== undefined && v !== null) out[key] = true;
  }
  const values = [
    'Shopify.shop',
    'Shopify.theme.name',
    'Shopify.theme.id',
    'Shopify.theme.schema_name',
    'Shopify.theme.schema_version',
    'Shopify.currency.active',
    'Shopify.locale',
    'Shopify.country',
    'ShopifyAnalytics.meta.product.id',
    'ShopifyAnalytics.meta.product.vendor',
    'ShopifyAnalytics.meta.page.pageType',
    'ShopifyAnalytics.meta.currency',
    'woocommerce_params.ajax_url',
    'wc_add_to_cart_params.cart_url',
    'BCData.product_attributes.sku',
    'prestashop.currency.iso_code',
    'prestashop.language.iso_code',
    'Static.SQUARESPACE_CONTEXT.website.id',
  ];
  for (const path of values) {
    const v = read(path);
    if (typeof v === 'string') out[path] = v.slice(0, 200);
    else if (typeof v === 'number' && Number.isFinite(v)) out[path] = v;
    else if (typeof v === 'boolean') out[path] = v;
  }
  const layer = read('dataLayer');
  if (Array.isArray(layer)) out['dataLayer.length'] = Math.min(layer.length, 100000);
  return out;
}
