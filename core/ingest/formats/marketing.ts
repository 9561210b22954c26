import type { Spend, Traffic } from '../../schema/store.ts';
import { channelOf, type Channel } from '../channel.ts';
import { parseDay } from '../dates.ts';
import { IngestError } from '../errors.ts';
import { clip, str, type Context, type Sink } from './context.ts';

function day(ctx: Context, f: string[], col: number, row: number): string {
  const s = str(f, col);
  const d = parseDay(s, ctx.options.dateFormat);
  if (d === '') {
    ctx.error(
      row,
      col,
      `'${ctx.name(col)}' is not a date (got '${clip(s)}'). Check the file's date format${ctx.options.dateFormat ? ` (expected ${ctx.options.dateFormat})` : ''}.`,
    );
  }
  return d;
}

/**
 * GA4 report exports (`#` comment lines on top, then a table): daily sessions and ecommerce funnel
 * steps per channel. Rows collapsing into the same day and channel (e.g. several source/mediums
 * of one channel) are summed.
 */
export function ga4TrafficSink(ctx: Context): Sink {
  const c = {
    date: ctx.colMatch(/^(date|day)$/),
    group: ctx.colMatch(/channel group/),
    sourceMedium: ctx.colMatch(/source \/ medium$/),
    sessions: ctx.col('Sessions'),
    views: ctx.col('Items viewed', 'Item views', 'Product views'),
    carts: ctx.col('Add to carts', 'Items added to cart'),
    checkouts: ctx.col('Checkouts', 'Items checked out'),
    purchases: ctx.col('Ecommerce purchases', 'Purchases', 'Transactions'),
  };
  const byKey = new Map<string, Traffic>();
  const first = ctx.norm[0] ?? '';
  return {
    want: ctx.wantOf(Object.values(c).concat(0)),
    row(f, row) {
      // GA4 files may repeat the header for a second table and carry a totals row without a date:
      // both are read and listed as not stored, with why.
      if ((f[0] ?? '').trim().toLowerCase() === first) {
        ctx.skip(row, 0, 'The header again (GA4 writes one per table): not a day of traffic.');
        return;
      }
      if (str(f, c.date) === '') {
        ctx.skip(row, c.date, 'No date: a totals row, not a day of traffic.');
        return;
      }
      const before = ctx.errors.length;
      const date = day(ctx, f, c.date, row);
      let channel: Channel = 'Unassigned';
      if (c.group >= 0) channel = channelOf({ source: str(f, c.group) });
      else if (c.sourceMedium >= 0) {
        const [s = '', m = ''] = str(f, c.sourceMedium)
          .split('/')
          .map((x) => x.trim());
        channel = channelOf({
          utmSource: s === '(direct)' ? '' : s,
          utmMedium: m === '(none)' ? '' : m,
          landingPage: s === '(direct)' ? '/' : '',
        });
      }
      const sessions = ctx.count(f, c.sessions, row);
      const productViews = ctx.count(f, c.views, row);
      const addToCarts = ctx.count(f, c.carts, row);
      const checkouts = ctx.count(f, c.checkouts, row);
      const purchases = ctx.count(f, c.purchases, row);
      if (ctx.errors.length > before) {
        ctx.rejected++;
        return;
      }
      const key = `${date}|${channel}`;
      const t = byKey.get(key);
      if (t) {
        t.sessions += sessions;
        t.productViews += productViews;
        t.addToCarts += addToCarts;
        t.checkouts += checkouts;
        t.purchases += purchases;
      } else
        byKey.set(key, { date, channel, sessions, productViews, addToCarts, checkouts, purchases });
    },
    finish() {
      return {
        traffic: [...byKey.values()].sort((a, b) =>
          a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
        ),
      };
    },
  };
}

function googleChannel(campaignType: string): Channel {
  const t = campaignType.toLowerCase();
  if (t.includes('shopping')) return 'Paid shopping';
  if (t.includes('display')) return 'Display';
  if (t.includes('video')) return 'Paid video';
  if (t.includes('performance max') || t.includes('demand gen')) return 'Cross-network';
  return 'Paid search';
}

/**
 * Ad-spend exports: Google Ads (two title lines, "Day, Campaign, Currency code, Cost, Impr.,
 * Clicks", "Total: ..." rows at the end) and Meta Ads ("Campaign name, Day, Amount spent (EUR),
 * Impressions, Link clicks"). Summed per day, channel and campaign.
 */
export function adSpendSink(ctx: Context): Sink {
  const c = {
    date: ctx.col('Day', 'Date', 'Reporting starts'),
    campaign: ctx.colMatch(/^(campaign|campaign name)$/),
    cost: ctx.colMatch(/^(cost|amount spent( \([a-z]{3}\))?|spend)$/),
    currency: ctx.col('Currency code', 'Currency'),
    impressions: ctx.col('Impr.', 'Impressions'),
    clicks: ctx.col('Clicks', 'Link clicks', 'Clicks (all)'),
    type: ctx.col('Campaign type'),
  };
  const isMeta = ctx.norm.some((h) => h.startsWith('amount spent') || h === 'campaign name');
  const headerCurrency = /\(([a-z]{3})\)$/.exec(ctx.norm[c.cost] ?? '')?.[1]?.toUpperCase() ?? '';
  const fallback = headerCurrency || (ctx.options.reportingCurrency ?? '').toUpperCase();
  if (c.currency < 0 && !/^[A-Z]{3}$/.test(fallback)) {
    throw new IngestError(
      'bad-option',
      `This ad report does not say its currency (no 'Currency code' column, no currency in '${ctx.name(c.cost)}'). Choose the currency of the ad account, then import the file again.`,
    );
  }
  const byKey = new Map<string, Spend>();
  return {
    want: ctx.wantOf(Object.values(c).concat(0)),
    row(f, row) {
      // Google Ads closes the table with "Total: Account", "Total: Search", ... rows.
      if (
        /^total\b/i.test(str(f, 0)) ||
        /^total\b/i.test(str(f, c.date)) ||
        /^total\b/i.test(str(f, c.campaign))
      ) {
        ctx.skip(
          row,
          0,
          "A totals row ('Total: …'): the sum of the rows above, not spend of its own.",
        );
        return;
      }
      if (str(f, c.date) === '' && str(f, c.campaign) === '') {
        ctx.skip(row, c.date, 'No date and no campaign: not a day of spend.');
        return;
      }
      const before = ctx.errors.length;
      const date = day(ctx, f, c.date, row);
      const currency = ctx.currency(f, c.currency, row, fallback);
      if (currency === '' && (c.currency < 0 || str(f, c.currency) === '')) {
        ctx.error(
          row,
          c.currency,
          `The currency of '${ctx.name(c.cost)}' is unknown. Add a 'Currency code' column or choose the store currency before importing.`,
        );
      }
      const spend = ctx.money(f, c.cost, row, currency ? ctx.digits(currency) : 2);
      if (spend < 0)
        ctx.error(
          row,
          c.cost,
          `'${ctx.name(c.cost)}' is negative (got '${clip(str(f, c.cost))}'). Ad spend must be 0 or more.`,
        );
      const impressions = ctx.count(f, c.impressions, row);
      const clicks = ctx.count(f, c.clicks, row);
      if (ctx.errors.length > before) {
        ctx.rejected++;
        return;
      }
      const channel: Channel = isMeta ? 'Paid social' : googleChannel(str(f, c.type));
      const campaign = str(f, c.campaign);
      const key = `${date}|${channel}|${campaign}|${currency}`;
      const s = byKey.get(key);
      if (s) {
        s.spend += spend;
        s.impressions += impressions;
        s.clicks += clicks;
      } else byKey.set(key, { date, channel, campaign, currency, spend, impressions, clicks });
    },
    finish() {
      return {
        spend: [...byKey.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      };
    },
  };
}
