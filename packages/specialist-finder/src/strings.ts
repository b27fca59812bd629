// en-GB strings of <jc-advice-prompt> and <jc-specialist-finder>. Registered with core's catalogue
// from this package, so they ship only in this package's bundle.
import { registerMessages } from '@joinedcare/core';

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
  sfExamplesNotice: 'Example rules for your organisation to review: not clinical advice.',
  sfEvidenceValue: '{value} {unit} on {date}',
  sfEvidenceConverted: '{value} {unit} on {date} (recorded as {recorded})',
  sfEvidenceValues: '{label} {values} in the last {months} months',
  sfEvidenceTrend: '{label} from {first} to {last}: {rate} {unit} per year',
  sfEvidenceEncounters: '{count} × {label} in the last {months} months ({dates})',
  sfNoRecentRequest: 'no {specialty} referral or advice request in the last {months} months',
  sfWarning_missingUnit: '{count} result(s) without a unit were not used',
  sfWarning_unknownUnit: '{count} result(s) in an unknown unit were not used',
  sfWarning_noDate: '{count} record(s) without a date were not used',
  sfWarning_futureDate: '{count} record(s) dated in the future were not used',
  sfWarning_qualifiedValue: '{count} result(s) given as a range (such as >90) were not used',
  sfWarning_noValue: '{count} result(s) without a value were not used',
  sfRequestReferral: 'Referral',
  sfRequestAdvice: 'Advice request',
  sfRequestItem: '{kind} ({status}) {date}',
  sfNone: 'None',
  sfNotKnownDate: 'date Not Known',

  // <jc-advice-prompt>
  apName: 'Specialist input prompts',
  apWhat: 'specialist input prompts',
  apHeading: 'Could benefit from specialist input',
  apNoMatches: 'No specialist input prompts for this patient.',
  apChecked: 'Checked against {count} rule(s) on {date}.',
  apRequestAdvice: 'Request specialist advice',
  apRefer: 'Refer',
  apDismiss: 'Dismiss',
  apDismissLegend: 'Why are you dismissing this prompt?',
  apDismissConfirm: 'Dismiss prompt',
  apDismissCancel: 'Keep prompt',
  apDismissReasonRequired: 'Choose a reason to dismiss this prompt.',
  apReason_already: 'Already under specialist care',
  apReason_notAppropriate: 'Not appropriate for this patient',
  apReason_declined: 'Patient declined',
  apReason_dataWrong: 'The data is wrong or out of date',
  apDismissed: 'Dismissed for this session: {title} ({reason}).',
  apRestore: 'Restore',
  apDismissedAnnounce: 'Prompt dismissed.',
  apRestoredAnnounce: 'Prompt restored.',
  apDataNotUsed: 'Not used',

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
  sfPartialDetail: '{count} patient(s) could not be checked because the server did not answer. The list below is incomplete.',
  sfPartialUnknown: 'Part of the practice could not be searched because the server did not answer. The list below is incomplete.',
  sfNoMatches: 'No patients match the rules ({population} patients checked).',
  sfNoMatchesPartial:
    'No matches among the {checked} patients checked. {failed} patient(s) could not be checked, so there may be matches among them.',
  sfNoMatchesIncomplete:
    'No matches in the part of the practice that could be searched. The rest could not be searched, so there may be matches there.',
  sfSummary: '{rows} finding(s) for {patients} patient(s) out of {population} checked.',
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
  sfCaption: 'Worklist: {count} finding(s), sorted by {column} ({direction})',
  sfAscending: 'ascending',
  sfDescending: 'descending',
  sfNeverContact: 'Never',
  sfPage: 'Showing {from}–{to} of {count}',
  sfPrevious: 'Previous page',
  sfNext: 'Next page',
  sfExport: 'Export CSV',
  sfExported: 'Worklist exported: {count} row(s).',
  sfOpenPatient: 'Open record of {name}',
  sfFilteredOut: 'No findings match the filters.',
  sfCsvRuleId: 'Rule ID',
  sfCsvSeverity: 'Severity',
} as const;

type FinderStrings = { readonly [K in keyof typeof finderStrings]: string };
declare module '@joinedcare/core' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends FinderStrings {}
}

/** Registers the strings (idempotent). Called at import, and again by each element class. */
export function registerFinderStrings(): void {
  registerMessages(finderStrings);
}
registerFinderStrings();
