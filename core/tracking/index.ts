// Competitor tracking, the pure part: matching with the own catalog, change detection and alert
// thresholds, re-check scheduling and back-off, landed comparison, history grouping and CSV.
export { gtinCheckDigit, normalizeGtin } from './gtin.ts';
export { parsePackSize, titleSimilarity, titleTokens, normCode } from './text.ts';
export type { PackSize } from './text.ts';
export { proposeMatches, TITLE_MATCH_MIN } from './match.ts';
export type { MatchCandidate, MatchMethod, MatchProposal, MatchSubject } from './match.ts';
export { landedComparison, rateBetween, ComparisonError } from './landed.ts';
export type { FxRates, LandedComparison, PriceSide } from './landed.ts';
export { detectChanges, passesThreshold, stockState, DEFAULT_THRESHOLDS } from './changes.ts';
export type { AlertThresholds, ChangeKind, Observation, ProductChange } from './changes.ts';
export {
  backoffDelay,
  isDue,
  nextDueAt,
  recordOutcome,
  runPolitely,
  systemClock,
  DEFAULT_QUEUE,
  DEFAULT_SCHEDULE,
  INITIAL_CHECK_STATE,
  HOUR,
} from './schedule.ts';
export type {
  CheckOutcome,
  CheckState,
  Clock,
  QueueJob,
  QueueOptions,
  QueueReport,
  QueueResult,
  ScheduleOptions,
} from './schedule.ts';
export { indexHistory, productSeries, rowsOfProduct, summarizeHistory } from './history.ts';
export type { HistoryIndex, HistorySummary, ProductSeries } from './history.ts';
export { historyCsv, trackedProductsCsv } from './csv.ts';
export type { ExportProduct } from './csv.ts';
export { minorDigits, toMajorUnits, toMinor } from './money.ts';
export { demoSnapshotHistory } from './demo.ts';
export {
  chartTimes,
  ownHistoryText,
  ownPriceSteps,
  pricePosition,
  pricePositionText,
} from './position.ts';
export type { OwnPriceLike, PricePosition } from './position.ts';
