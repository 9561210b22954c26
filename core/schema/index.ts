export * from './common.ts';
export * from './store.ts';
export * from './competitive.ts';
export * from './columns.ts';
export * from './money.ts';
export * from './costs.ts';
export * from './refunds.ts';
