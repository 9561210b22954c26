/** Public API of core/analytics: pure functions over columns, usable in a worker or in Node. */
export * from './types.ts';
export * from '../time/index.ts';
export * from './dataset.ts';
export * from './scan.ts';
export * from './sales.ts';
export * from './stats.ts';
export * from './ab.ts';
export * from './forecast.ts';
export * from './customers.ts';
export * from './products.ts';
export * from './inventory.ts';
export * from './funnel.ts';
export * from './marketing.ts';
export * from './planning.ts';
export * from './clv.ts';
export * from './profit.ts';
export * from './kpis.ts';
