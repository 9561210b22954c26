export * from './errors.ts';
export * from './columnar.ts';
export * from './store.ts';
export * from './ext.ts';
export * from './storage.ts';
