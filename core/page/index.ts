// Page analysis for the extension's overlay: pure functions over a Document and its URL.
export type {
  Availability,
  Disagreement,
  Evidence,
  ExtractedProduct,
  ExtractedVariant,
  Field,
  Finding,
  OtherCurrencyPrice,
  RejectedValue,
  FindingStatus,
  OfferMarkup,
  PageAnalysis,
  PageExtras,
  PageGlobals,
  PlatformName,
  PlatformResult,
  SeoHeading,
  SeoReport,
  TechCategory,
  TechItem,
  ValueSource,
} from './types.ts';
export { SOURCE_ORDER } from './types.ts';
export type { ParsedPrice, PriceDetails, PriceMatch } from './price.ts';
export {
  currenciesForSymbol,
  currencyFromHint,
  isIsoCurrency,
  parseAmount,
  parsePrice,
  parsePriceDetails,
  parsePrices,
} from './price.ts';
export { extractProducts } from './products.ts';
export { productsFromShopifyJson, productsFromWooStoreApi } from './platformData.ts';
export { detectPlatform, pageGlobalsProbe } from './platform.ts';
export { auditSeo, SEO_CHECKS, SEO_CHECK_LIST } from './seo.ts';
export type { SeoCheck, SeoContext } from './seo.ts';
export { CHECK_IDS, MERCHANT_CHECKS, PAGE_CHECKS, checkOf, checksMarkdown } from './checks.ts';
export type { CheckDef, CheckId, MerchantCheckId, SeoCheckId } from './checks.ts';
export { validateRobotsTxt, parseRobotsTxt, matchRobots } from './robots.ts';
export { merchantListingChecks, isValidGtin } from './merchant.ts';
export { analyzePage, analyzePageStaged } from './analyze.ts';
export { yieldToPage } from './steps.ts';
export type { StagedOptions } from './steps.ts';
