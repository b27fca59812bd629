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
export { codes, concept, date, epochOf, isEnteredInError, newestFirst, str, titleOf, type ItemNoun } from './model-shared.js';
export {
  type BuildContext,
  type Field,
  type ModelOptions,
  type SectionModel,
  type SectionWarning,
  type Statement,
  type SummaryItem,
  type Trend,
  type TrendPoint,
  type TrendSeries,
} from './model-shared.js';
export { allergyItems, immunisationItems, problemItems } from './model-clinical.js';
export {
  foldedRequestIds,
  medicationConcept,
  medicineName,
  medicineUnitItem,
  medicineUnits,
  mergeMedicines,
  type MedicineUnit,
} from './model-medicines.js';
export { absenceOf, isAbsence, isNoKnownAllergy, NO_KNOWN_ALLERGY_CODES, IPS_ABSENT_UNKNOWN, type AbsenceKind } from './absent.js';
export { consultationItems, diaryItems, genericItems, procedureItems, referralItems } from './model-gpc.js';
export { investigations, type Investigations, type ResultContext } from './model-investigations.js';
export { resourceLabel } from './model-links.js';
export { toR4, bundleToR4 } from './stu3.js';
export { isGpConnectBundle, readGpConnect, type GpcRecord, type GpcSection } from './gpc-record.js';
export { fetchStructuredRecord, relayUrl, structuredRecordParameters, RELAY_TIMEOUT_MS } from './gpc-relay.js';
export { GPC_PRIMARY_LISTS, GPC_EXT, GPC_LIST_WARNING } from './gpc-codes.js';
export { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
export { observationValue, referenceRange, resultGroups, resultItems, trendOf, unitOf, TREND_MAX_POINTS } from './model-results.js';
export type { ItemSource } from './source.js';
export {
  DEFAULT_SECTIONS,
  GP_CONNECT_SECTIONS,
  IPS_SECTIONS,
  IPS_SECTION_CODES,
  SECTION_KEYS,
  SECTION_TITLE_KEYS,
  SECTION_TYPES,
  isSectionKey,
  parseSections,
  type SectionKey,
} from './sections.js';
export { readBundle, type BundleContents, type DocumentSection } from './ips.js';
export { listWarnings, sectionOfList, GP_CONNECT_WARNINGS, GP_CONNECT_LIST_CODES, type ListWarnings } from './warnings.js';
export { prepareHandedIn, type HandedInput, type HandedSource, type RecordNotices } from './handed-in.js';
export { sectionQueries, listQuery, type SectionQuery } from './queries.js';
export { sparkline, sparklineGeometry, type SparklineGeometry } from './sparkline.js';
export { careSummaryStrings } from './strings.js';
export { careSummaryMessages } from './messages.js';
/** Yields to the main thread (core's; re-exported here for compatibility). */
export { yieldToMain } from '@joinedcare/core';
