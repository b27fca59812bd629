// @joinedcare/care-summary: side-effect-free exports. Import './define.js' to register the tag.
export { JcCareSummary } from './care-summary.js';
export * from './model.js';
export * from './sections.js';
export * from './source.js';
export { readBundle, type BundleContents } from './ips.js';
export { listWarnings, GP_CONNECT_WARNINGS, GP_CONNECT_LIST_CODES } from './warnings.js';
export { sectionQueries, listQuery, type SectionQuery } from './queries.js';
export { sparkline, sparklineGeometry, type SparklineGeometry } from './sparkline.js';
export { careSummaryStrings, careSummaryMessages } from './strings.js';
