import { describe, expect, it } from 'vitest';
import { build, spend, traffic, type OrderRow } from './fixtures.ts';
import { attributionKey, funnel, marketing, overview } from '../../../core/analytics/index.ts';

const trafficRows = traffic([
  {
    date: '2024-07-01',
    channel: 'Paid search',
    sessions: 1000,
    productViews: 600,
    addToCarts: 100,
    checkouts: 50,
    purchases: 20,
  },
  {
    date: '2024-07-01',
    channel: 'Email',
    sessions: 200,
    productViews: 150,
    addToCarts: 40,
    checkouts: 30,
    purchases: 15,
  },
  {
    date: '2024-07-02',
    channel: 'Paid search',
    sessions: 1000,
    productViews: 500,
    addToCarts: 100,
    checkouts: 60,
    purchases: 30,
  },
  {
    date: '2024-06-30',
    channel: 'Email',
    sessions: 999,
    productViews: 0,
    addToCarts: 0,
    checkouts: 0,
    purchases: 0,
  },
]);
const spendRows = spend([
  { date: '2024-07-01', channel: 'Google Ads', campaign: 'Brand', spend: 10000 },
  { date: '2024-07-02', channel: 'Google Ads', campaign: 'Shoes', spend: 20000 },
  { date: '2024-07-01', channel: 'Facebook Ads', campaign: 'Retarget', spend: 15000 },
  { date: '2024-07-01', channel: 'TikTok', campaign: 'Launch', currency: 'EUR', spend: 5000 },
]);
const line = (price: number) => [{ sku: 'S', qty: 1, price }];
const orders: OrderRow[] = [
  { id: 'e', at: '2024-06-01T10:00:00Z', customer: 'old', lines: line(5000) },
  {
    id: 'a',
    at: '2024-07-01T10:00:00Z',
    customer: 'n1',
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'brand',
    lines: line(12000),
  },
  {
    id: 'b',
    at: '2024-07-01T11:00:00Z',
    customer: 'n2',
    utmSource: 'instagram',
    utmCampaign: 'Retarget',
    refunded: 6000,
    refundedAt: '2024-07-09T10:00:00Z',
    lines: line(30000),
  },
  {
    id: 'c',
    at: '2024-07-02T10:00:00Z',
    customer: 'old',
    utmSource: 'google',
    utmCampaign: 'Shoes',
    lines: line(8000),
  },
  { id: 'd', at: '2024-07-02T12:00:00Z', customer: 'n3', lines: line(10000) },
];
const ds = build(orders, { traffic: trafficRows, spend: spendRows });
const q = { range: { start: '2024-07-01', end: '2024-07-02' } };

describe('funnel', () => {
  it('computes step conversion, drop-off and abandonment from traffic', () => {
    const f = funnel(ds, q)!;
    expect(f.steps.map((s) => s.count)).toEqual([2200, 1250, 240, 140, 65]);
    expect(f.steps[0]!.conversion).toBeNull();
    expect(f.steps[2]!.conversion).toBeCloseTo(240 / 1250, 12);
    expect(f.steps[2]!.dropOff).toBeCloseTo(1 - 240 / 1250, 12);
    expect(f.steps[4]!.fromStart).toBeCloseTo(65 / 2200, 12);
    expect(f.conversionRate).toBeCloseTo(65 / 2200, 12);
    expect(f.cartAbandonmentRate).toBeCloseTo(1 - 65 / 240, 12);
    expect(f.checkoutAbandonmentRate).toBeCloseTo(1 - 65 / 140, 12);
  });

  it('splits by channel and over time', () => {
    const f = funnel(ds, q)!;
    expect(f.byChannel.map((c) => [c.channel, c.steps[0]!.count, c.steps[4]!.count])).toEqual([
      ['Paid search', 2000, 50],
      ['Email', 200, 15],
    ]);
    expect(Array.from(f.series.sessions)).toEqual([1200, 1000]);
    expect(Array.from(f.series.purchases)).toEqual([35, 30]);
    expect(funnel(ds, { ...q, filters: { channel: ['Email'] } })!.steps[0]!.count).toBe(200);
    expect(funnel(build(orders), q)).toBeNull();
  });

  it('feeds sessions and conversion rate into the overview KPIs', () => {
    const k = overview(ds, q).current;
    expect(k.sessions).toBe(2200);
    expect(k.conversionRate).toBeCloseTo(4 / 2200, 12);
  });
});

describe('marketing', () => {
  it('maps UTM sources to ad channels', () => {
    expect(attributionKey('Facebook Ads')).toBe('meta');
    expect(attributionKey('instagram')).toBe('meta');
    expect(attributionKey('Google Ads')).toBe('google');
    expect(attributionKey('TikTok')).toBe('tiktok');
    expect(attributionKey('Newsletter')).toBe('email');
  });

  it('computes spend, last-click revenue, ROAS, CAC and MER by channel and campaign', () => {
    // Refunds dated by order day: b's refund of 6000 counts against the period.
    const m = marketing(ds, { ...q, refundDating: 'order' })!;
    expect(m).toMatchObject({
      spend: 45000, // the EUR TikTok spend has no rate and is reported apart
      totalSales: 54000, // 12000 + (30000 − 6000 refunded) + 8000 + 10000
      attributedRevenue: 44000,
      unattributedRevenue: 10000,
      newCustomers: 3,
      cac: 15000,
      mer: 1.2,
      unconvertedSpend: [{ currency: 'EUR', spend: 5000 }],
    });
    expect(m.roas).toBeCloseTo(44000 / 45000, 12);
    expect(
      m.byChannel.map((r) => [r.channel, r.spend, r.attributedRevenue, r.newCustomers, r.cac]),
    ).toEqual([
      ['Google Ads', 30000, 20000, 1, 30000],
      ['Facebook Ads', 15000, 24000, 1, 15000],
    ]);
    expect(m.byChannel[1]!.roas).toBe(1.6);
    expect(m.byCampaign.map((r) => [r.campaign, r.spend, r.attributedRevenue])).toEqual([
      ['Shoes', 20000, 8000],
      ['Retarget', 15000, 24000],
      ['Brand', 10000, 12000], // utm_campaign "brand" matches "Brand"
    ]);
  });

  it('attributes orders to spend named by campaign type, as imported ad reports name it', () => {
    // An imported Google Ads report's Search campaigns are 'Paid search', Meta's are 'Paid social':
    // the order's channel (from its UTM tags) meets them; an organic Google visit does not.
    const imported = build(
      [
        { ...orders[1]!, channel: 'Paid search' },
        { ...orders[2]!, channel: 'Paid social' },
        {
          id: 'o',
          at: '2024-07-02T09:00:00Z',
          customer: 'n4',
          utmSource: 'google',
          utmMedium: 'organic',
          channel: 'Organic search',
          lines: line(7000),
        },
      ],
      {
        spend: spend([
          { date: '2024-07-01', channel: 'Paid search', campaign: 'Brand', spend: 10000 },
          { date: '2024-07-01', channel: 'Paid social', campaign: 'Retarget', spend: 15000 },
        ]),
      },
    );
    const m = marketing(imported, { ...q, refundDating: 'order' })!;
    expect(m.byChannel.map((r) => [r.channel, r.attributedRevenue, r.attributedOrders])).toEqual([
      ['Paid social', 24000, 1],
      ['Paid search', 12000, 1],
    ]);
    expect(m.attributedRevenue).toBe(36000);
    expect(m.byCampaign.map((r) => [r.campaign, r.attributedRevenue])).toEqual([
      ['Retarget', 24000],
      ['Brand', 12000],
    ]);
  });

  it('never credits an organic, referral or direct visit to the ad channel of its source', () => {
    // GA4's default channel groups: medium "organic" is Organic Search, "referral" Referral and
    // "(none)" Direct, whatever the source; only the cpc order is Google Ads' (12000 of 12000+7000+
    // 3000+4000 from google), and an order tagged with a source only still counts (b, instagram).
    const tagged = (id: string, utmMedium: string, price: number) => ({
      id,
      at: '2024-07-02T09:00:00Z',
      customer: `c-${id}`,
      utmSource: 'google',
      utmMedium,
      lines: line(price),
    });
    const m = marketing(
      build(
        [
          orders[1]!,
          orders[2]!,
          tagged('org', 'organic', 7000),
          tagged('ref', 'referral', 3000),
          tagged('dir', '(none)', 4000),
        ],
        { spend: spendRows },
      ),
      { ...q, refundDating: 'order' },
    )!;
    expect(m.byChannel.map((r) => [r.channel, r.attributedRevenue, r.attributedOrders])).toEqual([
      ['Google Ads', 12000, 1],
      ['Facebook Ads', 24000, 1],
    ]);
    expect(m.unattributedRevenue).toBe(14000);
  });

  it("uses the Overview's refund dating: a refund after the period is not in its sales", () => {
    // Refund dating (the default): b's refund falls on 9 July, after the period.
    const m = marketing(ds, q)!;
    expect(m).toMatchObject({ totalSales: 60000, attributedRevenue: 50000, spend: 45000 });
    expect(m.mer).toBeCloseTo(60000 / 45000, 12);
    expect(m.byChannel.find((r) => r.channel === 'Facebook Ads')!.attributedRevenue).toBe(30000);
    const k = overview(ds, q).current;
    expect(k.totalSales).toBe(m.totalSales);
    expect(k.mer).toBeCloseTo(m.mer!, 12);
    expect(k.roas).toBeCloseTo(50000 / 45000, 12); // the same attributed sales as Marketing
    // With the refund dated inside a wider period, both sides lose it.
    const wide = { range: { start: '2024-07-01', end: '2024-07-10' } };
    expect(marketing(ds, wide)!.totalSales).toBe(54000);
  });

  it('feeds ad spend, ROAS and MER into the overview KPIs', () => {
    const k = overview(ds, { ...q, refundDating: 'order' }).current;
    expect(k.adSpend).toBe(45000);
    expect(k.mer).toBeCloseTo(54000 / 45000, 12);
    expect(k.roas).toBeCloseTo(44000 / 45000, 12);
  });
});
