export {
  notKnown,
  cleanString as plainText,
  cleanMultiline as plainMultilineText,
  isRecord,
  asArray,
  valuesAt,
  UK_TIME_ZONE,
  type FormatOptions,
} from './shared.js';
export {
  parseFhirDate,
  formatDate,
  formatDateLong,
  formatTime,
  formatDateTime,
  formatPeriod,
  zonedParts,
  type FhirDatePrecision,
  type ParsedFhirDate,
} from './date.js';
export { formatAge, ageInYears } from './age.js';
export { ukDayNumber, ukDayOfInstant, isoOfDayNumber } from './uk-day.js';
export { formatRelative } from './relative.js';
export { formatNhsNumber, validateNhsNumber, nhsNumberCheckDigit, type NhsNumberValidity } from './nhs-number.js';
export { formatName } from './name.js';
export { formatCodeableConcept, formatCoding, formatQuantity, formatNumber, formatGender } from './clinical.js';
export { sanitizeNarrative } from './narrative.js';
export { narrativeText } from './narrative-text.js';
export { whenRead } from './when-read.js';
