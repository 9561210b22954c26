/** core/sync: the bundle format and its merge, shared by the extension and the PWA. */
export * from './bundle.ts';
export * from './merge.ts';
export * from './tables.ts';
export { migrateBundle } from './migrate.ts';
export * from './bridge.ts';
