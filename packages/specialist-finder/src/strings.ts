// en-GB strings of @joinedcare/specialist-finder: every key starts with 'sf'. Passed by value (see finderMessages); translations: `registerLocale(lang, {...})`.
import { defineMessages, type MessageKeys } from '@joinedcare/core';

export const finderStrings = {
  // shared
  sfSeverity_info: 'Info',
  sfSeverity_warning: 'Warning',
  sfSeverity_critical: 'Critical',
  sfSource: 'Source',
  sfRulesInvalidTitle: 'The rule file cannot be used',
  sfRulesInvalidDetail: 'Fix these problems and reload. No patient was checked against an invalid rule file.',
  sfRulesLoadFailed: 'The rule file could not be loaded ({reason}).',
  sfRuleIssue: 'Rule "{rule}", field "{path}": {message}',
  sfEvidenceValue: '{value} {unit} on {date}',
  sfEvidenceConverted: '{value} {unit} on {date} (recorded as {recorded})',
  sfEvidenceValues: '{label} {values} in the last {months} months',
  sfEvidenceTrend: '{label} from {first} to {last}: {rate} {unit} per year',
  sfEvidenceEncounters: '{count} × {label} in the last {months} months ({dates})',
  sfNoRecentRequest: 'no {specialty} referral or advice request in the last {months} months',
  sfWarning_missingUnit: { one: '{count} result without a unit was not used', other: '{count} results without a unit were not used' },
  sfWarning_unknownUnit: {
    one: '{count} result in an unknown unit was not used',
    other: '{count} results in an unknown unit were not used',
  },
  sfWarning_noDate: { one: '{count} record without a date was not used', other: '{count} records without a date were not used' },
  sfWarning_futureDate: {
    one: '{count} record dated in the future was not used',
    other: '{count} records dated in the future were not used',
  },
  sfWarning_qualifiedValue: {
    one: '{count} result given as a range (such as >90) was not used',
    other: '{count} results given as a range (such as >90) were not used',
  },
  sfWarning_noValue: { one: '{count} result without a value was not used', other: '{count} results without a value were not used' },
  sfRequestReferral: 'Referral',
  sfRequestAdvice: 'Advice request',
  sfRequestItem: '{kind} ({status}) {date}',
  sfNone: 'None',
  sfNotKnownDate: 'date Not Known',

  // <jc-advice-prompt>
  sfPromptName: 'Specialist input prompts',
  sfPromptWhat: 'specialist input prompts',
  sfPromptHeading: 'Could benefit from specialist input',
  sfPromptNoMatches: 'No specialist input prompts for this patient.',
  sfPromptChecked: { one: 'Checked against {count} rule on {date}.', other: 'Checked against {count} rules on {date}.' },
  sfPromptRequestAdvice: 'Request specialist advice',
  sfPromptRefer: 'Refer',
  sfPromptDismiss: 'Dismiss',
  sfPromptDismissLegend: 'Why are you dismissing this prompt?',
  sfPromptDismissConfirm: 'Dismiss prompt',
  sfPromptDismissCancel: 'Keep prompt',
  sfPromptDismissReasonRequired: 'Choose a reason to dismiss this prompt.',
  sfPromptReason_already: 'Already under specialist care',
  sfPromptReason_notAppropriate: 'Not appropriate for this patient',
  sfPromptReason_declined: 'Patient declined',
  sfPromptReason_dataWrong: 'The data is wrong or out of date',
  sfPromptDismissed: 'Dismissed for this session: {title} ({reason}).',
  sfPromptRestore: 'Restore',
  sfPromptDismissedAnnounce: 'Prompt dismissed.',
  sfPromptRestoredAnnounce: 'Prompt restored.',

  // <jc-specialist-finder>
  sfName: 'Specialist finder',
  sfWhat: 'the specialist worklist',
  sfTitle: 'Patients who could benefit from specialist input',
  sfMissingPopulation: 'a population (ods-code, group-id or patients)',
  sfProgressPatients: 'Checked {done} of {total} patients',
  sfProgressPatientsUnknown: 'Checked {done} patients',
  sfProgressResults: 'Searched {done} of {total} results for the practice',
  sfProgressCandidates: 'Checking existing referrals: {done} of {total} patients with findings',
  sfProgressStarting: 'Finding the patients to check…',
  sfProgressLabel: 'Progress',
  sfCancel: 'Cancel',
  sfRerun: 'Check again',
  sfCancelled: 'Cancelled. Showing what was found before cancelling: the list is incomplete.',
  sfPartialTitle: 'Some patients could not be checked',
  sfPartialDetail: {
    one: '{count} patient could not be checked because the server did not answer. The list below is incomplete.',
    other: '{count} patients could not be checked because the server did not answer. The list below is incomplete.',
  },
  sfPartialUnknown: 'Part of the practice could not be searched because the server did not answer. The list below is incomplete.',
  sfNoMatches: 'No patients match the rules ({checked} checked).',
  sfNoMatchesPartial: 'No matches among the {checked} checked. {failed} could not be checked, so there may be matches among them.',
  sfPatientCount: { one: '{count} patient', other: '{count} patients' },
  sfFindingCount: { one: '{count} finding', other: '{count} findings' },
  sfNoMatchesIncomplete:
    'No matches in the part of the practice that could be searched. The rest could not be searched, so there may be matches there.',
  sfSummary: '{findings} for {patients} out of {population} checked.',
  sfPracticeNotFound: 'No practice with ODS code {ods} was found.',
  sfGroupEmpty: 'The group has no patient members.',
  sfFilterRule: 'Rule',
  sfFilterSeverity: 'Severity',
  sfFilterAll: 'All',
  sfColNhs: 'NHS No.',
  sfColName: 'Name',
  sfColAge: 'Age',
  sfColRule: 'Rule',
  sfColSeverity: 'Severity',
  sfColEvidence: 'Evidence',
  sfColExisting: 'Existing referral or advice',
  sfColLastContact: 'Last specialist contact',
  sfTableRegion: 'Worklist table (scrolls sideways)',
  sfCaption: {
    one: 'Worklist: {count} finding, sorted by {column} ({direction})',
    other: 'Worklist: {count} findings, sorted by {column} ({direction})',
  },
  sfAscending: 'ascending',
  sfDescending: 'descending',
  sfNeverContact: 'Never',
  sfPage: 'Showing {from}–{to} of {count}',
  sfPrevious: 'Previous page',
  sfNext: 'Next page',
  sfExport: 'Export CSV',
  sfExported: { one: 'Worklist exported: {count} row.', other: 'Worklist exported: {count} rows.' },
  sfOpenPatient: 'Open record of {name}',
  sfFilteredOut: 'No findings match the filters.',
  sfCsvRuleId: 'Rule ID',
  sfCsvSeverity: 'Severity',
} as const;

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof finderStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `sfMsg(key, params, lang)`. */
export const finderMessages = defineMessages('@joinedcare/specialist-finder', 'sf', finderStrings);
export const sfMsg = finderMessages.t;
