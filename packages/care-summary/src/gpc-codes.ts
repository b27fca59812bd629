// GP Connect Access Record Structured 1.6.2 (FHIR STU3): the codes and extension URLs this package
// reads, exactly as the specification's pages (nhsconnect/gpconnect, branch feature/1.6.2,
// pages/accessrecord_structured/) and its published example responses write them.
import type { SectionKey } from './sections.js';

/** Primary List codes (SNOMED CT; "Using lists to return data", primary lists table), mapped onto our sections. */
export const GPC_PRIMARY_LISTS: Readonly<Record<string, SectionKey>> = {
  '933361000000108': 'medicines', // Medications and medical devices
  '886921000000105': 'allergies', // Allergies and adverse reactions
  '1103671000000101': 'allergies', // Ended allergies (resolved allergies, contained in the List)
  '1102181000000102': 'immunisations', // Immunisations
  '1149501000000101': 'consultations', // List of consultations
  '717711000000103': 'problems', // Problems
  '826501000000100': 'uncategorised', // Uncategorised data (Miscellaneous record)
  '792931000000107': 'referrals', // Outbound referral
  '887191000000108': 'results', // Investigations and results
  '714311000000108': 'diary', // Diary entries (Patient recall administration)
};

/** The primary List code of ended (resolved) allergies. */
export const GPC_ENDED_ALLERGIES = '1103671000000101';

/** Codes of the Lists that structure a consultation (consultation, topic, heading). */
export const GPC_CONSULTATION = '325851000000107';
export const GPC_TOPIC = '25851000000105';
export const GPC_HEADING = '24781000000107';

/** The code system of the secondary Lists (items linked to problems or contained in consultations). */
export const GPC_SECONDARY_LIST_SYSTEM = 'https://fhir.hl7.org.uk/STU3/CodeSystem/GPConnect-SecondaryListValues-1';

/** A secondary List's section: the area it belongs to (by its code's prefix). */
export function secondaryListSection(code: string): SectionKey | undefined {
  if (code.startsWith('consultations-')) return 'consultations';
  if (code.startsWith('problems-')) return 'problems';
  return undefined;
}

/** The List warning extension (its code is in `valueCode`). */
export const GPC_LIST_WARNING = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-ListWarningCode-1';

/** GP Connect profile URLs start with this (resources and the structured record Bundle). */
export const GPC_PROFILE_PREFIX = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
export const GPC_BUNDLE_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-StructuredRecord-Bundle-1';
export const GPC_ALLERGY_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-AllergyIntolerance-1';

/** Extensions, by what they carry. Both spellings of the last issue date appear in the published examples. */
export const GPC_EXT = {
  lastIssueDate: [
    'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationStatementLastIssueDate-1',
    'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-MedicationStatementLastIssueDate-1',
  ],
  prescribingAgency: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-PrescribingAgency-1',
  prescriptionType: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-PrescriptionType-1',
  repeatInformation: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationRepeatInformation-1',
  statusReason: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationStatusReason-1',
  allergyEnd: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-AllergyIntoleranceEnd-1',
  problemSignificance: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-ProblemSignificance-1',
  actualProblem: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-ActualProblem-1',
  relatedProblemHeader: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-RelatedProblemHeader-1',
  relatedClinicalContent: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-RelatedClinicalContent-1',
  vaccinationProcedure: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-VaccinationProcedure-1',
  dateRecorded: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-DateRecorded-1',
} as const;

/**
 * Whether an extension's URL is `url`. The published examples write some hl7.org.uk extensions with
 * `http://` as well as `https://`: both are read as the one extension.
 */
export function isExtension(ext: unknown, url: string | readonly string[]): boolean {
  if (!ext || typeof ext !== 'object') return false;
  const u = (ext as { url?: unknown }).url;
  if (typeof u !== 'string') return false;
  const bare = u.trim().replace(/^https?:\/\//, '');
  return (typeof url === 'string' ? [url] : url).some((x) => x.replace(/^https?:\/\//, '') === bare);
}

/** The `include…` parameter (or `DocumentReferences`) an OperationOutcome names, mapped onto our sections. */
export const GPC_AREA_PARAMETERS: Readonly<Record<string, SectionKey>> = {
  includeAllergies: 'allergies',
  includeMedication: 'medicines',
  includeConsultations: 'consultations',
  includeProblems: 'problems',
  includeImmunisations: 'immunisations',
  includeUncategorisedData: 'uncategorised',
  includeInvestigations: 'results',
  includeReferrals: 'referrals',
  includeDiaryEntries: 'diary',
  DocumentReferences: 'documents',
};
