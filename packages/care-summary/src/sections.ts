import type { MessageKey } from '@joinedcare/core';

/** Every section `<jc-care-summary>` can show. */
export const SECTION_KEYS = [
  'problems',
  'medicines',
  'allergies',
  'results',
  'encounters',
  'documents',
  'immunisations',
  'care-team',
  'care-plans',
  'procedures',
  'consultations',
  'referrals',
  'diary',
  'uncategorised',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

/** The sections shown by default for data from a FHIR server, handed-in resources and IPS documents, in order (every section but the GP Connect ones). */
export const DEFAULT_SECTIONS: readonly SectionKey[] = SECTION_KEYS.slice(0, SECTION_KEYS.indexOf('procedures') + 1);

/** The sections shown by default for an IPS document: the default ones and the IPS sections that have no section of their own. */
export const IPS_SECTIONS: readonly SectionKey[] = [...DEFAULT_SECTIONS, 'uncategorised'];

/** The sections shown by default for a GP Connect structured record: its clinical areas, in order. */
export const GP_CONNECT_SECTIONS: readonly SectionKey[] = [
  'problems',
  'medicines',
  'allergies',
  'consultations',
  'results',
  'immunisations',
  'referrals',
  'diary',
  'uncategorised',
];

/** The default sections of a source: a GP Connect record, an IPS document, else a FHIR server or resources. */
export function sectionsFor(source: string | undefined): readonly SectionKey[] {
  return source === 'gp-connect' ? GP_CONNECT_SECTIONS : source === 'ips' ? IPS_SECTIONS : DEFAULT_SECTIONS;
}

/** Catalogue keys of each section's title. */
export const SECTION_TITLE_KEYS: Record<SectionKey, MessageKey> = {
  problems: 'csProblems',
  medicines: 'csMedicines',
  allergies: 'csAllergies',
  results: 'csResults',
  encounters: 'csEncounters',
  documents: 'csDocuments',
  immunisations: 'csImmunisations',
  'care-team': 'csCareTeam',
  'care-plans': 'csCarePlans',
  procedures: 'csProcedures',
  consultations: 'csConsultations',
  referrals: 'csReferrals',
  diary: 'csDiary',
  uncategorised: 'csUncategorised',
};

/**
 * Which resource types feed each section (the patient-specific ones). The last four come only from
 * a source that says which resources belong to them (a GP Connect List, an IPS Composition section):
 * they take no resources by type.
 */
export const SECTION_TYPES: Record<SectionKey, readonly string[]> = {
  problems: ['Condition'],
  medicines: ['MedicationStatement', 'MedicationRequest'],
  allergies: ['AllergyIntolerance'],
  results: ['Observation', 'DiagnosticReport'],
  encounters: ['Encounter'],
  documents: ['DocumentReference'],
  immunisations: ['Immunization'],
  'care-team': ['CareTeam', 'Patient'],
  'care-plans': ['CarePlan'],
  procedures: ['Procedure'],
  consultations: [],
  referrals: [],
  diary: [],
  uncategorised: [],
};

export function isSectionKey(value: string): value is SectionKey {
  return (SECTION_KEYS as readonly string[]).includes(value);
}

/**
 * Parses the `sections` attribute: keys separated by spaces and/or commas, order kept, duplicates
 * dropped. Unknown keys are returned separately (the caller warns about them). An empty or missing
 * value gives `defaults` (the default sections of the data's source).
 */
export function parseSections(
  value: string | null | undefined,
  defaults: readonly SectionKey[] = DEFAULT_SECTIONS,
): { sections: SectionKey[]; unknown: string[] } {
  const tokens = (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!tokens.length) return { sections: [...defaults], unknown: [] };
  const sections: SectionKey[] = [];
  const unknown: string[] = [];
  for (const t of tokens) {
    if (isSectionKey(t)) {
      if (!sections.includes(t)) sections.push(t);
    } else if (!unknown.includes(t)) unknown.push(t);
  }
  return { sections, unknown };
}

/**
 * LOINC section codes of an International Patient Summary Composition (all 16 IPS sections), mapped
 * onto ours. History of past illness goes with problems, vital signs with results; the IPS sections
 * that have no section of their own here (functional status, social history, pregnancy, advance
 * directives, medical devices, alerts, patient story) go to `uncategorised`, grouped under their
 * own title.
 */
export const IPS_SECTION_CODES: Record<string, SectionKey> = {
  '11450-4': 'problems', // Problem list
  '11348-0': 'problems', // History of past illness
  '10160-0': 'medicines', // History of medication use
  '48765-2': 'allergies', // Allergies and adverse reactions
  '30954-2': 'results', // Relevant diagnostic tests / laboratory data
  '8716-3': 'results', // Vital signs
  '46240-8': 'encounters', // History of encounters (hospitalisations and outpatient visits)
  '11369-6': 'immunisations', // History of immunisations
  '85847-2': 'care-team', // Patient care team information
  '18776-5': 'care-plans', // Plan of care
  '55107-7': 'documents', // Addendum document (letters attached to the summary)
  '47519-4': 'procedures', // History of procedures
  '47420-5': 'uncategorised', // Functional status
  '29762-2': 'uncategorised', // Social history
  '10162-6': 'uncategorised', // History of pregnancies
  '42348-3': 'uncategorised', // Advance directives
  '46264-8': 'uncategorised', // History of medical device use
  '104605-1': 'uncategorised', // Alerts
  '81338-6': 'uncategorised', // Patient story (goals, preferences, priorities)
};
