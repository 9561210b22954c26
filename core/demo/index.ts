export { generateDemoStore, DEMO_END_DATE, DEMO_TIMEZONE } from './generate.ts';
export type { DemoOptions, DemoStore, DemoSummary } from './generate.ts';
export { mulberry32 } from './random.ts';
