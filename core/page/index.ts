// Page analysis for the extension's overlay: pure functions over a Document and its URL.
export type {
  Availability,
  Disagreement,
  Evidence,
  ExtractedProduct,
  ExtractedVariant,
  Field,
  Finding,
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
export { auditSeo } from './seo.ts';
export { validateRobotsTxt, parseRobotsTxt, matchRobots } from './robots.ts';
export { merchantListingChecks, isValidGtin } from './merchant.ts';
export { analyzePage } from './analyze.ts';
