// Welsh (cy) strings of @joinedcare/specialist-finder: loaded on demand (messages.ts) when a widget is shown in Welsh.
// MACHINE-DRAFTED: to be reviewed by a Welsh-language clinical translator before clinical use
// (docs/i18n.md). Placeholders are the English ones, unchanged; plural forms carry all six Welsh
// categories, with the mutation that follows the numeral (2 glaf, 3 chlaf, 2 ganlyniad, 2 reol).
import { allPluralForms, type LocaleStrings } from '@joinedcare/core';

/** A masculine noun after a numeral: as it is after 1, soft-mutated after 2, aspirate-mutated after 3 and 6. */
interface Noun {
  readonly one: string;
  readonly two: string;
  readonly few: string;
}
const RESULT: Noun = { one: 'canlyniad', two: 'ganlyniad', few: 'chanlyniad' };
const RECORD: Noun = { one: 'cofnod', two: 'gofnod', few: 'chofnod' };
const PATIENT: Noun = { one: 'claf', two: 'glaf', few: 'chlaf' };
const FINDING: Noun = { one: 'canfyddiad', two: 'ganfyddiad', few: 'chanfyddiad' };

/** Plural forms of a sentence with `#` where "{count} <noun>" goes (`other` for more than one). */
const counted = (noun: Noun, one: string, other = one) =>
  allPluralForms({
    one: one.replace('#', `{count} ${noun.one}`),
    two: other.replace('#', `{count} ${noun.two}`),
    few: other.replace('#', `{count} ${noun.few}`),
    many: other.replace('#', `{count} ${noun.few}`),
    other: other.replace('#', `{count} ${noun.one}`),
  });

export const finderCy: LocaleStrings = {
  sfSeverity_info: 'Gwybodaeth',
  sfSeverity_warning: 'Rhybudd',
  sfSeverity_critical: 'Critigol',
  sfSource: 'Ffynhonnell',
  sfRulesInvalidTitle: 'Nid oes modd defnyddio’r ffeil reolau',
  sfRulesInvalidDetail: 'Cywirwch y problemau hyn ac ail-lwytho. Ni wiriwyd unrhyw glaf yn erbyn ffeil reolau annilys.',
  sfRulesLoadFailed: 'Nid oedd modd llwytho’r ffeil reolau ({reason}).',
  sfRuleIssue: 'Rheol "{rule}", maes "{path}": {message}',
  sfEvidenceValue: '{value} {unit} ar {date}',
  sfEvidenceConverted: '{value} {unit} ar {date} (cofnodwyd fel {recorded})',
  sfEvidenceValues: '{label} {values} yn ystod y {months} mis diwethaf',
  sfEvidenceTrend: counted(RESULT, '{label}: # dros {days} diwrnod, o {first} i {last}: {rate} {unit} y flwyddyn (tuedd sgwariau lleiaf)'),
  sfEvidenceTrendSeries: counted(
    RESULT,
    '{label}: # {series} dros {days} diwrnod, o {first} i {last}: {rate} {unit} y flwyddyn (tuedd sgwariau lleiaf)',
  ),
  sfEvidenceFall: '{label} {baseline} ({from}), yna {confirm} a {latest} ({to}): gostyngiad parhaus o {percent}% o fewn {months} mis',
  sfEvidenceKfre:
    'Risg {risk}% dros {horizon} o flynyddoedd (KFRE, 4 newidyn; {calibration}), o oedran {age}, {sex}, eGFR {egfr} ac ACR {acr}',
  sfCalibration_nonNorthAmerican: 'graddnodi y tu allan i Ogledd America',
  sfCalibration_northAmerican: 'graddnodi Gogledd America',
  sfSex_male: 'gwryw',
  sfSex_female: 'benyw',
  sfEvidenceCondition: '{label} wedi’i gofnodi {date}',
  sfEvidenceEncounters: '{count} × {label} yn ystod y {months} mis diwethaf ({dates})',
  sfAged: 'Oed {age}',
  sfLocalThreshold: 'Trothwy lleol: wedi’i osod gan y sefydliad a fabwysiadodd y rheolau hyn, nid maen prawf atgyfeirio NICE.',
  sfNoRecentContact:
    'dim cyswllt ag arbenigwr {specialty} (atgyfeiriad, cyngor, ymweliad neu gyfnod gofal) yn ystod y {months} mis diwethaf',
  sfEarlierContact: 'cyswllt cynharach ag arbenigwr {specialty}: {items}',
  sfWarning_missingUnit: counted(RESULT, '# heb uned na chafodd ei ddefnyddio', '# heb uned na chawsant eu defnyddio'),
  sfWarning_unknownUnit: counted(RESULT, '# mewn uned anhysbys na chafodd ei ddefnyddio', '# mewn uned anhysbys na chawsant eu defnyddio'),
  sfWarning_noDate: counted(RECORD, '# heb ddyddiad na chafodd ei ddefnyddio', '# heb ddyddiad na chawsant eu defnyddio'),
  sfWarning_futureDate: counted(
    RECORD,
    '# wedi’i ddyddio yn y dyfodol na chafodd ei ddefnyddio',
    '# wedi’u dyddio yn y dyfodol na chawsant eu defnyddio',
  ),
  sfWarning_qualifiedValue: counted(
    RESULT,
    '# a roddwyd fel ystod (fel >90) na chafodd ei ddefnyddio',
    '# a roddwyd fel ystod (fel >90) na chawsant eu defnyddio',
  ),
  sfWarning_noValue: counted(RESULT, '# heb werth na chafodd ei ddefnyddio', '# heb werth na chawsant eu defnyddio'),
  sfWarning_otherSeries: counted(
    RESULT,
    '# o hafaliad eGFR arall na chafodd ei gyfuno â’r rhain',
    '# o hafaliad eGFR arall na chawsant eu cyfuno â’r rhain',
  ),
  sfWarning_akiWindow: counted(
    RESULT,
    '# o gwmpas anaf acíwt i’r arennau na chafodd ei ddefnyddio',
    '# o gwmpas anaf acíwt i’r arennau na chawsant eu defnyddio',
  ),
  sfNotChecked_noBirthDate: 'oedran anhysbys (dim dyddiad geni llawn wedi’i gofnodi)',
  sfNotChecked_noSex: 'rhyw heb ei gofnodi fel gwryw neu fenyw (mae’r KFRE ei angen)',
  sfNotChecked_missingResult: 'dim canlyniad {label} yn ystod y {months} mis diwethaf',
  sfNotChecked_unusable:
    'nid oedd modd defnyddio’r canlyniadau {label} sydd eu hangen ar y rheol (dim uned, uned anhysbys, dim gwerth neu ystod)',
  sfNotChecked_mixedSeries:
    'rhy ychydig o ganlyniadau {label} o un hafaliad ({series}); nid yw canlyniadau hafaliadau eraill yn cael eu cyfuno',
  sfNotCheckedSummaryCard: 'Nid oedd modd gwirio: {title}',
  sfRequestReferral: 'Atgyfeiriad',
  sfRequestAdvice: 'Cais am gyngor',
  sfRequestAttendance: 'Ymweliad',
  sfRequestEpisode: 'Cyfnod gofal',
  sfRequestItem: '{kind} ({status}) {date}',
  sfNone: 'Dim',
  sfNotKnownDate: 'dyddiad anhysbys',
  sfContactStatus_draft: 'drafft',
  sfContactStatus_open: 'ar agor',
  sfContactStatus_onHold: 'wedi’i atal dros dro',
  sfContactStatus_cancelled: 'wedi’i ganslo',
  sfContactStatus_completed: 'wedi’i gwblhau',
  sfContactStatus_inProgress: 'ar y gweill',
  sfContactStatus_onLeave: 'ar absenoldeb',
  sfContactStatus_attended: 'wedi mynychu',
  sfContactStatus_waitlist: 'ar y rhestr aros',
  sfContactStatus_current: 'cyfredol',
  sfContactStatus_ended: 'wedi dod i ben',
  sfContactStatus_notKnown: 'statws anhysbys',
  sfSeeAlso: 'Gweler hefyd',

  sfPromptName: 'Awgrymiadau mewnbwn arbenigol',
  sfPromptWhat: 'awgrymiadau mewnbwn arbenigol',
  sfPromptHeading: 'Gallai elwa ar fewnbwn arbenigol',
  sfPromptNoMatches: 'Dim awgrymiadau mewnbwn arbenigol ar gyfer y claf hwn.',
  sfPromptNoMatchesPartial: 'Dim awgrymiadau mewnbwn arbenigol ar gyfer y claf hwn o’r rheolau yr oedd modd eu gwirio.',
  sfPromptChecked: allPluralForms({
    one: 'Gwiriwyd yn erbyn {count} rheol ar {date}.',
    two: 'Gwiriwyd yn erbyn {count} reol ar {date}.',
    other: 'Gwiriwyd yn erbyn {count} rheol ar {date}.',
  }),
  sfPromptRequestAdvice: 'Gofyn am gyngor arbenigol',
  sfPromptRefer: 'Atgyfeirio',
  sfPromptDismiss: 'Diystyru',
  sfPromptDismissLegend: 'Pam ydych chi’n diystyru’r awgrym hwn?',
  sfPromptDismissConfirm: 'Diystyru’r awgrym',
  sfPromptDismissCancel: 'Cadw’r awgrym',
  sfPromptDismissReasonRequired: 'Dewiswch reswm dros ddiystyru’r awgrym hwn.',
  sfPromptReason_already: 'Eisoes dan ofal arbenigol',
  sfPromptReason_notAppropriate: 'Ddim yn briodol i’r claf hwn',
  sfPromptReason_declined: 'Gwrthododd y claf',
  sfPromptReason_dataWrong: 'Mae’r data’n anghywir neu wedi dyddio',
  sfPromptDismissed: 'Diystyrwyd ar gyfer y sesiwn hon: {title} ({reason}).',
  sfPromptRestore: 'Adfer',
  sfPromptDismissedAnnounce: 'Diystyrwyd yr awgrym.',
  sfPromptRestoredAnnounce: 'Adferwyd yr awgrym.',
  sfPromptNotCheckedHeading: 'Nid oedd modd gwirio',
  sfPromptNotChecked: '{title}: {reasons}',
  sfPromptServiceFailed: 'Nid atebodd y gwasanaeth mewnbwn arbenigol yn ôl y disgwyl ({reason}).',
  sfPromptServiceName: 'Gwiriwyd gan y gwasanaeth mewnbwn arbenigol yn {origin} ar {date}.',

  sfName: 'Chwilotwr arbenigol',
  sfWhat: 'y rhestr waith arbenigol',
  sfTitle: 'Cleifion a allai elwa ar fewnbwn arbenigol',
  sfMissingPopulation: 'poblogaeth (ods-code, group-id neu patients)',
  sfProgressPatients: 'Gwiriwyd {done} o {total} claf',
  sfProgressPatientsUnknown: 'Gwiriwyd {done} claf',
  sfProgressResults: 'Chwiliwyd {done} o {total} canlyniad ar gyfer y feddygfa',
  sfProgressCandidates: 'Yn gwirio atgyfeiriadau presennol: {done} o {total} claf â chanfyddiadau',
  sfProgressStarting: 'Yn dod o hyd i’r cleifion i’w gwirio…',
  sfProgressLabel: 'Cynnydd',
  sfCancel: 'Canslo',
  sfRerun: 'Gwirio eto',
  sfCancelled: 'Canslwyd. Yn dangos yr hyn a ganfuwyd cyn canslo: nid yw’r rhestr yn gyflawn.',
  sfPartialTitle: 'Nid oedd modd gwirio rhai cleifion',
  sfPartialDetail: counted(
    PATIENT,
    'Nid oedd modd gwirio # oherwydd na atebodd y gweinydd. Nid yw’r rhestr isod yn gyflawn.',
    'Nid oedd modd gwirio # oherwydd na atebodd y gweinydd. Nid yw’r rhestr isod yn gyflawn.',
  ),
  sfPartialUnknown: 'Nid oedd modd chwilio rhan o’r feddygfa oherwydd na atebodd y gweinydd. Nid yw’r rhestr isod yn gyflawn.',
  sfNoMatches: 'Nid oes cleifion yn cyfateb i’r rheolau ({checked} wedi’u gwirio).',
  sfNoMatchesPartial:
    'Dim cyfatebiaeth ymhlith y {checked} a wiriwyd. Nid oedd modd gwirio {failed}, felly gall fod cyfatebiaethau yn eu plith.',
  sfPatientCount: counted(PATIENT, '#'),
  sfFindingCount: counted(FINDING, '#'),
  sfNoMatchesIncomplete:
    'Dim cyfatebiaeth yn y rhan o’r feddygfa yr oedd modd ei chwilio. Nid oedd modd chwilio’r gweddill, felly gall fod cyfatebiaethau yno.',
  sfSummary: '{findings} ar gyfer {patients} o’r {population} a wiriwyd.',
  sfNotCheckedTitle: 'Nid oedd modd gwirio rhai cleifion yn erbyn rhai rheolau',
  sfNotCheckedDetail: counted(
    PATIENT,
    'Nid oedd modd gwirio # yn erbyn un neu ragor o reolau: nid oes gan ei gofnod yr hyn sydd ei angen ar y rheol. Nid yw’n cael ei gyfrif fel "dim cyfatebiaeth".',
    'Nid oedd modd gwirio # yn erbyn un neu ragor o reolau: nid oes gan eu cofnodion yr hyn sydd ei angen ar y rheol. Nid ydynt yn cael eu cyfrif fel "dim cyfatebiaeth".',
  ),
  sfNotCheckedRule: counted(PATIENT, '{title}: # ({reasons})', '{title}: # ({reasons})'),
  sfElsewhere: counted(
    PATIENT,
    'Mae # a restrwyd gan y gweinydd wedi’i gofrestru gyda meddygfa arall, ac fe’i gadawyd allan.',
    'Mae # a restrwyd gan y gweinydd wedi’u cofrestru gyda meddygfa arall, ac fe’u gadawyd allan.',
  ),
  sfPracticeNotFound: 'Ni chafwyd hyd i feddygfa â chod ODS {ods}.',
  sfGroupEmpty: 'Nid oes gan y grŵp aelodau sy’n gleifion.',
  sfFilterRule: 'Rheol',
  sfFilterSeverity: 'Difrifoldeb',
  sfFilterAll: 'Y cyfan',
  sfColNhs: 'Rhif GIG',
  sfColName: 'Enw',
  sfColAge: 'Oed',
  sfColRule: 'Rheol',
  sfColSeverity: 'Difrifoldeb',
  sfColEvidence: 'Tystiolaeth',
  sfColExisting: 'Cyswllt ag arbenigwr',
  sfColLastContact: 'Cyswllt olaf ag arbenigwr',
  sfTableRegion: 'Tabl y rhestr waith (yn sgrolio i’r ochr)',
  sfCaption: counted(
    FINDING,
    'Rhestr waith: #, wedi’i threfnu yn ôl {column} ({direction})',
    'Rhestr waith: #, wedi’i threfnu yn ôl {column} ({direction})',
  ),
  sfAscending: 'esgynnol',
  sfDescending: 'disgynnol',
  sfNeverContact: 'Byth',
  sfPage: 'Yn dangos {from}–{to} o {count}',
  sfPrevious: 'Tudalen flaenorol',
  sfNext: 'Tudalen nesaf',
  sfExport: 'Allforio CSV',
  sfExported: allPluralForms({ two: 'Allforiwyd y rhestr waith: {count} res.', other: 'Allforiwyd y rhestr waith: {count} rhes.' }),
  sfOpenPatient: 'Agor cofnod {name}',
  sfFilteredOut: 'Nid oes canfyddiadau’n cyfateb i’r hidlwyr.',
  sfCsvRuleId: 'ID y rheol',
  sfCsvSeverity: 'Difrifoldeb',
};
