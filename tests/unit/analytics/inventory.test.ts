import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import { averageDailyDemand, inventoryPlan, reorderPoint } from '../../../core/analytics/index.ts';

describe('reorderPoint', () => {
  it('uses SS = z·σd·√L and adds lead-time variability when known (REFERENCE.md)', () => {
    // d̄ 20/day, σd 5, L 9 days, 95% (z = 1.645): SS = 1.6449 × 5 × 3 = 24.67, ROP = 180 + 24.67.
    const r = reorderPoint({ meanDaily: 20, sdDaily: 5, leadTimeDays: 9, serviceLevel: 0.95 });
    expect(r.z).toBeCloseTo(1.6448536269514722, 12);
    expect(r.safetyStock).toBeCloseTo(1.6448536269514722 * 15, 10);
    expect(r.reorderPoint).toBeCloseTo(180 + 1.6448536269514722 * 15, 10);
    // σL = 2 days: SS = z·√(9·25 + 400·4) = z·√1825 = 70.27.
    const v = reorderPoint({
      meanDaily: 20,
      sdDaily: 5,
      leadTimeDays: 9,
      leadTimeSdDays: 2,
      serviceLevel: 0.95,
    });
    expect(v.safetyStock).toBeCloseTo(1.6448536269514722 * Math.sqrt(1825), 10);
    expect(() =>
      reorderPoint({ meanDaily: 1, sdDaily: 1, leadTimeDays: 1, serviceLevel: 95 }),
    ).toThrow(/between 0 and 1/);
  });
});

describe('averageDailyDemand', () => {
  it('leaves out days that ended with no stock (censored demand)', () => {
    // On hand now 0: rebuilt end stock 4, 4, 1, 0, 0, 0 → days 4–6 are stockout days.
    const r = averageDailyDemand([2, 0, 3, 1, 0, 0], 0);
    expect(r.endStock).toEqual([4, 4, 1, 0, 0, 0]);
    expect(r.censoredDays).toBe(3);
    expect(r.meanDaily).toBeCloseTo(5 / 3, 12);
    expect(r.sdDaily).toBeCloseTo(Math.sqrt(7 / 3), 12);
    // With stock left nothing is censored: a zero-sales day is real zero demand.
    expect(averageDailyDemand([2, 0, 3, 1, 0, 0], 5).meanDaily).toBe(1);
  });
});

describe('inventoryPlan', () => {
  // 91 days of daily orders (1 Apr – 30 Jun 2024), "today" = 30 June.
  const rows: OrderRow[] = [];
  for (let d = 0; d < 91; d++) {
    const day = new Date(Date.UTC(2024, 3, 1 + d)).toISOString().slice(0, 10);
    const lines: OrderRow['lines'] = [
      { sku: 'P', qty: 1, price: 1000 },
      { sku: 'Q', qty: 1, price: 2000 },
      { sku: 'T', qty: 1, price: 100 },
    ];
    if (day <= '2024-06-20') lines.push({ sku: 'R', qty: 2, price: 500 });
    if (day === '2024-05-01') lines.push({ sku: 'U', qty: 1, price: 700 });
    rows.push({ id: `o${d}`, at: `${day}T10:00:00Z`, lines });
  }
  const products = [
    {
      sku: 'P',
      title: 'Mug',
      currency: 'USD',
      price: 1000,
      cost: 400,
      onHand: 10,
      leadTimeDays: 7,
      moq: 50,
    },
    {
      sku: 'Q',
      title: 'Teapot',
      currency: 'USD',
      price: 2000,
      cost: 800,
      onHand: 2,
      leadTimeDays: 7,
    },
    { sku: 'R', title: 'Coaster', currency: 'USD', price: 500, onHand: 0 },
    { sku: 'S', title: 'Old vase', currency: 'USD', price: 5000, cost: 300, onHand: 100 },
    { sku: 'T', title: 'Spoon', currency: 'USD', price: 100, onHand: 500 },
    { sku: 'U', title: 'Tray', currency: 'USD', price: 700, onHand: 5 },
    { sku: 'X', title: 'Not tracked', currency: 'USD', price: 100, onHand: null },
  ];
  const ds = build(rows, { products, now: Date.parse('2024-06-30T20:00:00Z') });
  const plan = inventoryPlan(ds);
  const row = (sku: string) => plan.rows.find((r) => r.sku === sku)!;

  it('plans a healthy SKU: cover, reorder point, order quantity rounded up to MOQ, reorder-by date', () => {
    expect(plan.asOf).toBe('2024-06-30');
    expect(row('P')).toMatchObject({
      meanDaily: 1,
      sdDaily: 0,
      daysOfCover: 10,
      reorderPoint: 7,
      orderQuantity: 50, // 1 × (7 + 30) − 10 = 27 → MOQ 50
      reorderBy: '2024-07-03', // 3 days until stock reaches the reorder point
      stockoutDate: '2024-07-10',
      status: 'ok',
      unitsSold: 28,
    });
    expect(plan.rows.map((r) => r.sku)).not.toContain('X');
  });

  it('flags a SKU that runs out before a replenishment could arrive, with revenue at risk', () => {
    expect(row('Q')).toMatchObject({
      status: 'at-risk',
      orderQuantity: 35,
      reorderBy: '2024-06-30',
    });
    expect(row('Q').revenueAtRisk).toBe(5 * 2000); // 7 days of demand − 2 on hand
    expect(plan.atRisk.map((r) => r.sku)).toEqual(['Q']);
  });

  it('learns demand of a sold-out SKU only from days it had stock', () => {
    // R sold 2/day until 20 June and is out: 21–30 June and the sell-out day are censored.
    expect(row('R')).toMatchObject({
      status: 'out-of-stock',
      meanDaily: 2,
      stockoutDays: 11,
      leadTimeDays: 14,
    });
    expect(row('R').revenueAtRisk).toBe(2 * 14 * 500);
  });

  it('lists dead stock and overstock', () => {
    expect(row('S')).toMatchObject({ status: 'dead', stockValue: 30000, daysOfCover: null });
    expect(row('T')).toMatchObject({ status: 'overstock', daysOfCover: 500 });
    expect(row('U')).toMatchObject({ status: 'overstock', daysSinceLastSale: 60 });
    expect(plan.dead.map((r) => r.sku)).toEqual(['S']);
    expect(plan.overstock.map((r) => r.sku)).toEqual(['T', 'U']);
    expect(plan.revenueAtRisk).toBe(10000 + 14000);
    expect(plan.assumptions).toMatch(/no deliveries/);
  });
});
