export { createAnalyticsApi } from './api.ts';
export type { ApiDeps, DataStatus, LoadResult, AnalyticsApiImpl } from './api.ts';
export { WorkerApiError, toWireError, fromWireError, isWireError, forTheWire } from './errors.ts';
export type { WireError } from './errors.ts';
