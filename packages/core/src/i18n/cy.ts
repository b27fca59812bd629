// Welsh (cy) strings of core: loaded on demand (lazy.ts) when a widget is shown in Welsh.
// MACHINE-DRAFTED: to be reviewed by a Welsh-language clinical translator before clinical use
// (docs/i18n.md). Placeholders are the English ones, unchanged; plural forms carry all six Welsh
// categories (zero, one, two, few, many, other) with the mutations that follow a numeral.
import { allPluralForms, type LocaleStrings } from './plural-forms.js';

// CLDR's Welsh names (what Intl gives where it has Welsh date data: Node, Firefox; Chromium has Welsh
// plural rules but no Welsh date names, so there these are used)
const SHORT_MONTHS = ['Ion', 'Chw', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gor', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag'];
const LONG_MONTHS = [
  'Ionawr',
  'Chwefror',
  'Mawrth',
  'Ebrill',
  'Mai',
  'Mehefin',
  'Gorffennaf',
  'Awst',
  'Medi',
  'Hydref',
  'Tachwedd',
  'Rhagfyr',
];
const MONTH_KEYS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The month names of `Intl.DateTimeFormat('cy')`, or CLDR's above where the browser has no Welsh date data. */
function monthNames(month: 'short' | 'long', fallback: readonly string[]): readonly string[] {
  try {
    const f = new Intl.DateTimeFormat('cy', { month, timeZone: 'UTC' });
    if (f.resolvedOptions().locale.split('-')[0] !== 'cy') return fallback;
    return fallback.map((_, i) => f.format(Date.UTC(2024, i, 15)));
  } catch {
    return fallback;
  }
}

/** `monthShortJan` … `monthLongDec` in Welsh, through `Intl`. */
function welshMonths(): Record<string, string> {
  const short = monthNames('short', SHORT_MONTHS);
  const long = monthNames('long', LONG_MONTHS);
  return Object.fromEntries(MONTH_KEYS.flatMap((m, i) => [[`monthShort${m}`, short[i]] as const, [`monthLong${m}`, long[i]] as const]));
}

export const coreCy: LocaleStrings = {
  notKnown: 'Anhysbys',
  loading: 'Yn llwytho {what}…',
  retry: 'Ceisio eto',
  errorTitle: 'Methu llwytho {what}',
  renderFailedTitle: 'Methu dangos {what}',
  renderFailedDetail:
    'Nid oedd modd dangos rhywfaint o’r wybodaeth. Defnyddiwch y system ffynhonnell i’w gweld, a rhowch wybod i weinyddwr eich system.',
  errorGeneric: 'Aeth rhywbeth o’i le wrth lwytho {what}.',
  notConfiguredTitle: 'Nid yw {what} wedi’i ffurfweddu',
  notConfiguredMissing: 'Ar goll: {missing}.',
  partialTitle: 'Nid oedd modd llwytho rhywfaint o’r wybodaeth',
  partialDetail: 'Heb lwytho: {what}.',
  serverWithheldTitle: 'Dywedodd y gweinydd nad anfonodd bopeth',
  emptyGeneric: 'Dim wedi’i gofnodi',
  asOf: 'Yn gywir ar {time}',
  safetyWarningTitle: 'Cuddiwyd rhai cofnodion',
  safetyWarningDetail: allPluralForms({
    one: 'Roedd {count} cofnod yn perthyn i glaf gwahanol ac ni chafodd ei ddangos. Rhowch wybod i weinyddwr eich system.',
    two: 'Roedd {count} gofnod yn perthyn i glaf gwahanol ac ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    few: 'Roedd {count} chofnod yn perthyn i glaf gwahanol ac ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    many: 'Roedd {count} chofnod yn perthyn i glaf gwahanol ac ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    other: 'Roedd {count} cofnod yn perthyn i glaf gwahanol ac ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
  }),
  safetyWarningUnconfirmed: allPluralForms({
    one: 'Nid oedd {count} cofnod yn dweud am ba glaf y mae, felly ni chafodd ei ddangos. Rhowch wybod i weinyddwr eich system.',
    two: 'Nid oedd {count} gofnod yn dweud am ba glaf y maent, felly ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    few: 'Nid oedd {count} chofnod yn dweud am ba glaf y maent, felly ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    many: 'Nid oedd {count} chofnod yn dweud am ba glaf y maent, felly ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
    other: 'Nid oedd {count} cofnod yn dweud am ba glaf y maent, felly ni chawsant eu dangos. Rhowch wybod i weinyddwr eich system.',
  }),
  unexpectedTypeWarning: allPluralForms({
    one: 'Anwybyddwyd {count} cofnod o fath annisgwyl.',
    two: 'Anwybyddwyd {count} gofnod o fath annisgwyl.',
    few: 'Anwybyddwyd {count} chofnod o fath annisgwyl.',
    many: 'Anwybyddwyd {count} chofnod o fath annisgwyl.',
    other: 'Anwybyddwyd {count} cofnod o fath annisgwyl.',
  }),
  fromPrimary: 'O’r cofnod meddyg teulu',
  fromSecondary: 'Gan {organisation}',
  fromSecondaryUnknown: 'O’r cofnod ysbyty',

  propertyWrongType:
    'Gosododd y dudalen {name} i {got}, ond rhaid iddo fod yn {expected}. Cafodd ei anwybyddu: rhowch wybod i gyflenwr y system.',

  orgKindGpPractice: 'meddygfa',
  orgKindNhsTrust: 'ymddiriedolaeth GIG',
  orgKindIndependentSector: 'darparwr yn y sector annibynnol',
  orgKindCommunityUrgentOther: 'cymunedol, gofal brys neu arall',
  orgKindUnknown: 'lleoliad anhysbys',
  orgWithKind: '{organisation} ({kind})',

  errorNetwork: 'Nid oedd modd cysylltu â’r gweinydd.',
  errorTimeout: 'Cymerodd y gweinydd ormod o amser i ateb.',
  errorAuth: 'Nid oes gennych awdurdod i weld yr wybodaeth hon.',
  errorNotFound: 'Ni chafwyd hyd i’r cofnod.',
  errorServer: 'Adroddodd y gweinydd broblem ({status}).',
  errorParse: 'Anfonodd y gweinydd ateb nad oedd modd ei ddarllen.',
  errorRedirect: 'Anfonodd y gweinydd y cais i rywle arall. Ni ddilynwyd hynny, felly ni anfonwyd dim yno.',
  errorRateLimited: 'Mae’r gweinydd yn brysur. Rhowch gynnig arall arni cyn hir.',
  errorWrongPatient:
    'Mae’r cofnod a anfonodd y gweinydd ar gyfer claf gwahanol. Peidiwch â defnyddio’r dudalen hon ar gyfer y claf hwn nes bod hyn wedi’i ddatrys: gwiriwch y claf yn eich system a rhowch wybod i weinyddwr eich system.',
  errorForeignRecords:
    'Roedd ateb y gweinydd yn cynnwys cofnodion ar gyfer claf gwahanol, felly ni ddangosir dim ohono. Rhowch wybod i weinyddwr eich system.',
  errorWrongPatientHandedIn:
    'Mae’r cofnod claf a roddwyd i’r dudalen hon ar gyfer claf gwahanol i’r un a ddewiswyd. Peidiwch â defnyddio’r dudalen hon ar gyfer y claf hwn nes bod hyn wedi’i ddatrys: gwiriwch y claf yn eich system a rhowch wybod i weinyddwr eich system.',
  identityStopTitle: 'Stopiwch: efallai nad hwn yw eich claf',
  identityInactive: 'Mae’r cofnod claf hwn wedi’i nodi’n anweithredol. Gwiriwch yn eich system mai dyma’r cofnod i’w ddefnyddio.',
  identityReplaced:
    'Mae’r cofnod claf hwn wedi’i gyfuno â chofnod arall ({by}). Gall gwybodaeth fod ar goll yma: agorwch y cofnod cyfredol yn eich system.',
  identityReplacedUnknown:
    'Mae’r cofnod claf hwn wedi’i gyfuno â chofnod arall. Gall gwybodaeth fod ar goll yma: agorwch y cofnod cyfredol yn eich system.',
  errorAmbiguousPatient: 'Mae gan fwy nag un cofnod claf y rhif GIG hwn. Gwiriwch y claf yn eich system cyn mynd ymlaen.',

  whatPatient: 'manylion y claf',

  missingClient: 'gweinydd FHIR (fhir-base-url) neu gleient',
  missingPatient: 'claf (patient-id neu nhs-number)',

  bannerLabel: 'Manylion y claf',
  bannerBorn: 'Ganwyd',
  bannerGender: 'Rhywedd',
  bannerNhsNo: 'Rhif GIG',
  bannerDied: 'Bu farw',
  bannerDeceased: 'Wedi marw',
  nhsVerified: 'Wedi’i ddilysu',
  nhsUnverified: 'Heb ei ddilysu',
  nhsInvalid: 'Rhif GIG annilys (digid gwirio)',
  nhsVerifiedLong: 'Rhif GIG wedi’i ddilysu',
  nhsUnverifiedLong: 'Mae rhif GIG yn bresennol ond heb ei ddilysu',
  nhsInvalidLong: 'Nid yw’r rhif GIG yn ddilys: mae’r digid gwirio yn anghywir',
  noPatient: 'Dim claf wedi’i ddewis',

  genderMale: 'Gwryw',
  genderFemale: 'Benyw',
  genderOther: 'Arall',
  genderUnknown: 'Anhysbys',

  // relative time: the forms of Intl.RelativeTimeFormat('cy') (CLDR), with {n} for the number
  relNow: 'nawr',
  relToday: 'heddiw',
  relYesterday: 'ddoe',
  relTomorrow: 'yfory',
  relMinutesAgo: '{n} munud yn ôl',
  relMinuteAgo: '1 munud yn ôl',
  relHoursAgo: '{n} awr yn ôl',
  relHourAgo: '1 awr yn ôl',
  relDaysAgo: allPluralForms({ two: '{n} ddiwrnod yn ôl', other: '{n} diwrnod yn ôl' }),
  relWeeksAgo: '{n} wythnos yn ôl',
  relWeekAgo: '1 wythnos yn ôl',
  relMonthsAgo: allPluralForms({ two: '{n} fis yn ôl', other: '{n} mis yn ôl' }),
  relMonthAgo: '1 mis yn ôl',
  relYearsAgo: allPluralForms({ two: '{n} flynedd yn ôl', other: '{n} o flynyddoedd yn ôl' }),
  relYearAgo: 'blwyddyn yn ôl',
  relInDays: allPluralForms({ two: 'ymhen {n} ddiwrnod', other: 'ymhen {n} diwrnod' }),
  relInFuture: 'yn y dyfodol',

  contextInvalidNhsNumber: 'Nid yw nhs-number yn rhif GIG dilys (10 digid gyda digid gwirio cywir); ni ddewiswyd claf.',
  contextInvalidSetting: 'Rhaid i setting fod yn "primary" neu’n "secondary".',
  contextInvalidPatientId: 'Nid yw patient-id yn id FHIR dilys; ni ddewiswyd claf.',
  contextSmartPatientMismatch: 'Mae patient-id yn enwi claf gwahanol i’r un yn y lansiad SMART; ni ddewiswyd claf.',

  periodFrom: 'O {start}',
  periodUntil: 'Tan {end}',
  periodRange: '{start} i {end}',

  // dates: the NHS display patterns, with Welsh month names from Intl.DateTimeFormat('cy')
  dateShortDay: '{d}-{mon}-{y}',
  dateShortMonth: '{mon}-{y}',
  dateLongDay: '{d} {month} {y}',
  dateLongMonth: '{month} {y}',
  dateTimeJoin: '{date} {time}',
  ...welshMonths(),
  // ages: words rather than the English one-letter units (h, d, w, m, y), which do not carry over
  ageHours: '{h} awr',
  ageDays: '{d} diwrnod',
  ageWeeks: '{w} wythnos',
  ageWeeksDays: '{w} wythnos {d} diwrnod',
  ageMonths: '{m} mis',
  ageMonthsDays: '{m} mis {d} diwrnod',
  ageYears: '{y} oed',
  ageYearsMonths: '{y} oed, {m} mis',
  relThisMonth: 'y mis hwn',
  relThisYear: 'eleni',
};
