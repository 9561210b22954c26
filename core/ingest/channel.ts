/**
 * Marketing channels, named like GA4's default channel groups (sentence case) so that orders,
 * traffic and ad spend line up per channel; plus the Shopify-only "Point of sale" and
 * "Draft orders". "Unassigned" means the export says nothing about where the order came from.
 */
export const CHANNELS = [
  'Direct',
  'Organic search',
  'Paid search',
  'Organic social',
  'Paid social',
  'Email',
  'SMS',
  'Referral',
  'Display',
  'Affiliates',
  'Organic shopping',
  'Paid shopping',
  'Organic video',
  'Paid video',
  'Cross-network',
  'Point of sale',
  'Draft orders',
  'Unassigned',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelInput {
  /** Shopify's "Source" (web, pos, shopify_draft_order, an app name or id), or a GA4 channel group. */
  source?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  referrer?: string;
  /** Landing page URL; its utm_* parameters are used when the utm fields are empty. */
  landingPage?: string;
}

const SEARCH =
  /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|seznam|qwant|startpage|search)(\.|$)/;
const SOCIAL =
  /(^|\.)(facebook|fb|instagram|ig|meta|tiktok|pinterest|twitter|x|t\.co|linkedin|lnkd|reddit|snapchat|threads|tumblr|whatsapp|messenger|vk|line)(\.|$)/;
const VIDEO = /(^|\.)(youtube|youtu\.be|vimeo|twitch|dailymotion)(\.|$)/;
const SHOPPING = /(^|\.)(shopping|shop|amazon|ebay|etsy|idealo|pricerunner|kelkoo)(\.|$)/;
const MAIL = /(^|\.)(mail|email|e-mail|newsletter|outlook|gmail|klaviyo|mailchimp|omnisend)(\.|$)/;

const byLowerName = new Map<string, Channel>(CHANNELS.map((c) => [c.toLowerCase(), c]));
// GA4 group names and common variants that are not simply a case change.
const ALIASES: Record<string, Channel> = {
  '(none)': 'Direct',
  '(direct)': 'Direct',
  affiliate: 'Affiliates',
  'mobile push notifications': 'SMS',
  'paid other': 'Display',
  '(other)': 'Unassigned',
  unassigned: 'Unassigned',
  social: 'Organic social',
  organic: 'Organic search',
  'email marketing': 'Email',
};

function host(s: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#:]+)/i.exec(s.trim());
  return (m?.[1] ?? '').toLowerCase().replace(/^www\./, '');
}

function utmFrom(url: string, key: string): string {
  const m = new RegExp(`[?&]${key}=([^&#]*)`, 'i').exec(url);
  if (!m) return '';
  try {
    return decodeURIComponent(m[1]!.replace(/\+/g, ' '));
  } catch {
    return m[1]!;
  }
}

/** The marketing channel of an order or a traffic row, from source, UTM tags and referrer (GA4's rules, simplified). */
export function channelOf(input: ChannelInput): Channel {
  const source = (input.source ?? '').trim().toLowerCase();
  const known = byLowerName.get(source) ?? ALIASES[source];
  if (known) return known;
  if (source === 'pos') return 'Point of sale';
  if (source === 'shopify_draft_order' || source === 'draft_order') return 'Draft orders';
  const landing = input.landingPage ?? '';
  const uSource = (input.utmSource || utmFrom(landing, 'utm_source')).trim().toLowerCase();
  const uMedium = (input.utmMedium || utmFrom(landing, 'utm_medium')).trim().toLowerCase();
  const uCampaign = (input.utmCampaign || utmFrom(landing, 'utm_campaign')).trim().toLowerCase();
  const ref = host(input.referrer ?? '');
  const src = uSource || ref || source;
  const isSocial = SOCIAL.test(src);
  const isSearch = SEARCH.test(src);
  const isVideo = VIDEO.test(src);
  const paid = /^(.*cp.*|ppc|retargeting|paid.*|ads?)$/.test(uMedium);
  if (
    uCampaign.includes('cross-network') ||
    uCampaign.includes('pmax') ||
    uCampaign.includes('performance max')
  )
    return 'Cross-network';
  if (paid) {
    if (uCampaign.includes('shopping') || SHOPPING.test(src)) return 'Paid shopping';
    if (isSocial) return 'Paid social';
    if (isVideo) return 'Paid video';
    if (isSearch || uMedium === 'cpc' || uMedium === 'ppc') return 'Paid search';
    return 'Display';
  }
  if (/^(display|banner|cpm|interstitial|expandable)$/.test(uMedium)) return 'Display';
  if (
    /^(e[-_ ]?mail|newsletter)$/.test(uMedium) ||
    /^(e[-_ ]?mail|newsletter)$/.test(uSource) ||
    MAIL.test(uSource)
  )
    return 'Email';
  if (uMedium === 'sms' || uSource === 'sms') return 'SMS';
  if (uMedium === 'affiliate' || uMedium === 'affiliates') return 'Affiliates';
  if (
    /^(social|social-network|social-media|sm|social network|social media)$/.test(uMedium) ||
    isSocial
  )
    return 'Organic social';
  if (isVideo) return 'Organic video';
  if (isSearch || uMedium === 'organic') return 'Organic search';
  if (SHOPPING.test(src)) return 'Organic shopping';
  if (MAIL.test(ref)) return 'Email';
  if (uMedium === 'referral' || ref !== '') return 'Referral';
  if (uSource === '(direct)' || (landing !== '' && !uSource && !uMedium)) return 'Direct';
  // Shopify writes "web" (online store), app names and numeric app ids: no attribution.
  return 'Unassigned';
}
