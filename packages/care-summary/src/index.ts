// @joinedcare/care-summary: side-effect-free exports. Import './define.js' to register the tag.
export { JcCareSummary } from './care-summary.js';
export {
  buildSummary,
  buildSectionChunked,
  buildSummaryChunked,
  startSummary,
  BUILD_CHUNK_SIZE,
  CHUNKED_BUILD_THRESHOLD,
  type ChunkedBuildOptions,
  type SummaryOptions,
} from './model.js';
export { buildSection, sectionSize, startSection, type SectionBuild, type SectionExtras } from './section-build.js';
// how items are built (for builders of other views), and the value helpers they use
export { baseItem, field, makeContext, settingText, sourceOf } from './model-shared.js';
export { codes, concept, date, epochOf, isEnteredInError, newestFirst, str } from './model-shared.js';
export {
  type BuildContext,
  type Field,
  type ModelOptions,
  type SectionModel,
  type SectionWarning,
  type SummaryItem,
  type Trend,
  type TrendPoint,
  type TrendSeries,
} from './model-shared.js';
export {
  allergyItems,
  foldedRequestIds,
  immunisationItems,
  isNoKnownAllergy,
  medicineItemOf,
  problemItems,
  NO_KNOWN_ALLERGY_CODES,
} from './model-clinical.js';
export { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
export { observationValue, referenceRange, resultGroups, resultItems, trendOf, TREND_MAX_POINTS } from './model-results.js';
export type { ItemSource } from './source.js';
export {
  IPS_SECTION_CODES,
  SECTION_KEYS,
  SECTION_TITLE_KEYS,
  SECTION_TYPES,
  isSectionKey,
  parseSections,
  type SectionKey,
} from './sections.js';
export { readBundle, type BundleContents } from './ips.js';
export { listWarnings, GP_CONNECT_WARNINGS, GP_CONNECT_LIST_CODES } from './warnings.js';
export { sectionQueries, listQuery, type SectionQuery } from './queries.js';
export { sparkline, sparklineGeometry, type SparklineGeometry } from './sparkline.js';
export { careSummaryStrings } from './strings.js';
export { careSummaryMessages } from './messages.js';
/** Yields to the main thread (core's; re-exported here for compatibility). */
export { yieldToMain } from '@joinedcare/core';
