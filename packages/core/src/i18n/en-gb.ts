/**
 * The en-GB string catalogue: every user-visible string in core and the widgets.
 * Add a language by calling `registerLocale('cy', { ... })` with any subset of these keys;
 * missing keys fall back to en-GB. `{name}` placeholders are filled by `msg()`; an object gives
 * plural forms, chosen by the `count` parameter (`Intl.PluralRules`).
 */
export const enGB = {
  notKnown: 'Not known',
  loading: 'Loading {what}…',
  retry: 'Retry',
  errorTitle: 'Could not load {what}',
  renderFailedTitle: '{what} could not be displayed',
  renderFailedDetail: 'Some of the information could not be shown. Use the source system to see it, and tell your system administrator.',
  errorGeneric: 'Something went wrong while loading {what}.',
  notConfiguredTitle: '{what} is not configured',
  notConfiguredMissing: 'Missing: {missing}.',
  partialTitle: 'Some information could not be loaded',
  partialDetail: 'Not loaded: {what}.',
  serverWithheldTitle: 'The server said it did not return everything',
  emptyGeneric: 'None recorded',
  asOf: 'As of {time}',
  safetyWarningTitle: 'Some records were hidden',
  safetyWarningDetail: {
    one: '{count} record belonged to a different patient and was not shown. Tell your system administrator.',
    other: '{count} records belonged to a different patient and were not shown. Tell your system administrator.',
  },
  safetyWarningUnconfirmed: {
    one: '{count} record did not say which patient it is about, so it was not shown. Tell your system administrator.',
    other: '{count} records did not say which patient they are about, so they were not shown. Tell your system administrator.',
  },
  unexpectedTypeWarning: {
    one: '{count} record of an unexpected type was ignored.',
    other: '{count} records of an unexpected type were ignored.',
  },
  fromPrimary: 'From the GP record',
  fromSecondary: 'From {organisation}',
  fromSecondaryUnknown: 'From the hospital record',

  propertyWrongType: 'The page set {name} to {got}, but it must be {expected}. It was ignored: tell the system supplier.',

  // organisations (ODS roles; one wording for every widget)
  orgKindGpPractice: 'GP practice',
  orgKindNhsTrust: 'NHS trust',
  orgKindIndependentSector: 'independent sector provider',
  orgKindCommunityUrgentOther: 'community, urgent care or other',
  orgKindUnknown: 'setting not known',
  orgWithKind: '{organisation} ({kind})',

  // errors
  errorNetwork: 'The server could not be reached.',
  errorTimeout: 'The server took too long to answer.',
  errorAuth: 'You are not authorised to see this information.',
  errorNotFound: 'The record was not found.',
  errorServer: 'The server reported a problem ({status}).',
  errorParse: 'The server sent a reply that could not be read.',
  errorRedirect: 'The server sent the request somewhere else. It was not followed, so nothing was sent there.',
  errorRateLimited: 'The server is busy. Try again shortly.',
  errorWrongPatient:
    'The record the server returned is for a different patient. Do not use this page for this patient until this is resolved: check the patient in your system and tell your system administrator.',
  errorForeignRecords:
    "The server's answer included records for a different patient, so none of it is shown. Tell your system administrator.",
  errorWrongPatientHandedIn:
    'The patient record this page was given is for a different patient than the one selected. Do not use this page for this patient until this is resolved: check the patient in your system and tell your system administrator.',
  identityStopTitle: 'Stop: this may not be your patient',
  identityInactive: 'This patient record is marked inactive. Check in your system that it is the record to use.',
  identityReplaced:
    'This patient record has been merged into another record ({by}). Information may be missing here: open the current record in your system.',
  identityReplacedUnknown:
    'This patient record has been merged into another record. Information may be missing here: open the current record in your system.',
  errorAmbiguousPatient: 'More than one patient record has this NHS number. Check the patient in your system before going on.',

  // what
  whatPatient: 'patient details',

  // not configured: missing pieces
  missingClient: 'a FHIR server (fhir-base-url) or a client',
  missingPatient: 'a patient (patient-id or nhs-number)',

  // patient banner
  bannerLabel: 'Patient details',
  bannerBorn: 'Born',
  bannerGender: 'Gender',
  bannerNhsNo: 'NHS No.',
  bannerDied: 'Died',
  bannerDeceased: 'Deceased',
  nhsVerified: 'Verified',
  nhsUnverified: 'Not verified',
  nhsInvalid: 'Invalid NHS number (check digit)',
  nhsVerifiedLong: 'NHS number verified',
  nhsUnverifiedLong: 'NHS number present but not verified',
  nhsInvalidLong: 'NHS number is not valid: the check digit is wrong',
  noPatient: 'No patient selected',

  // genders
  genderMale: 'Male',
  genderFemale: 'Female',
  genderOther: 'Other',
  genderUnknown: 'Not known',

  // relative time
  relNow: 'just now',
  relToday: 'today',
  relYesterday: 'yesterday',
  relTomorrow: 'tomorrow',
  relMinutesAgo: '{n} minutes ago',
  relMinuteAgo: '1 minute ago',
  relHoursAgo: '{n} hours ago',
  relHourAgo: '1 hour ago',
  relDaysAgo: '{n} days ago',
  relWeeksAgo: '{n} weeks ago',
  relWeekAgo: '1 week ago',
  relMonthsAgo: '{n} months ago',
  relMonthAgo: '1 month ago',
  relYearsAgo: '{n} years ago',
  relYearAgo: '1 year ago',
  relInDays: 'in {n} days',
  relInFuture: 'in the future',

  // <jc-context>
  contextInvalidNhsNumber: 'nhs-number is not a valid NHS number (10 digits with a correct check digit); no patient is selected.',
  contextInvalidSetting: 'setting must be "primary" or "secondary".',
  contextInvalidPatientId: 'patient-id is not a valid FHIR id; no patient is selected.',
  contextSmartPatientMismatch: 'patient-id names a different patient from the SMART launch; no patient is selected.',

  // period
  periodFrom: 'From {start}',
  periodUntil: 'Until {end}',
  periodRange: '{start} to {end}',

  // ---- formatters (packages/core/src/format) ----
  // Date patterns: {d} day (2-digit in the short form), {mon} short month, {month} long month, {y} 4-digit year.
  dateShortDay: '{d}-{mon}-{y}',
  dateShortMonth: '{mon}-{y}',
  dateLongDay: '{d} {month} {y}',
  dateLongMonth: '{month} {y}',
  dateTimeJoin: '{date} {time}',
  monthShortJan: 'Jan',
  monthShortFeb: 'Feb',
  monthShortMar: 'Mar',
  monthShortApr: 'Apr',
  monthShortMay: 'May',
  monthShortJun: 'Jun',
  monthShortJul: 'Jul',
  monthShortAug: 'Aug',
  monthShortSep: 'Sep',
  monthShortOct: 'Oct',
  monthShortNov: 'Nov',
  monthShortDec: 'Dec',
  monthLongJan: 'January',
  monthLongFeb: 'February',
  monthLongMar: 'March',
  monthLongApr: 'April',
  monthLongMay: 'May',
  monthLongJun: 'June',
  monthLongJul: 'July',
  monthLongAug: 'August',
  monthLongSep: 'September',
  monthLongOct: 'October',
  monthLongNov: 'November',
  monthLongDec: 'December',
  // age (NHS CUI)
  ageHours: '{h}h',
  ageDays: '{d}d',
  ageWeeks: '{w}w',
  ageWeeksDays: '{w}w {d}d',
  ageMonths: '{m}m',
  ageMonthsDays: '{m}m {d}d',
  ageYears: '{y}y',
  ageYearsMonths: '{y}y {m}m',
  // relative time, partial dates
  relThisMonth: 'this month',
  relThisYear: 'this year',
  // ---- end formatters ----
} as const;
