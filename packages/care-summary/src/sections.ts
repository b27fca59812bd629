import type { MessageKey } from '@joinedcare/core';

/** The sections `<jc-care-summary>` can show, in their default order. */
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
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

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
};

/** Which resource types feed each section (the patient-specific ones). */
export const SECTION_TYPES: Record<SectionKey, readonly string[]> = {
  problems: ['Condition'],
  medicines: ['MedicationStatement', 'MedicationRequest'],
  allergies: ['AllergyIntolerance'],
  results: ['Observation'],
  encounters: ['Encounter'],
  documents: ['DocumentReference'],
  immunisations: ['Immunization'],
  'care-team': ['CareTeam', 'Patient'],
  'care-plans': ['CarePlan'],
};

export function isSectionKey(value: string): value is SectionKey {
  return (SECTION_KEYS as readonly string[]).includes(value);
}

/**
 * Parses the `sections` attribute: keys separated by spaces and/or commas, order kept, duplicates
 * dropped. Unknown keys are returned separately (the caller warns about them). An empty or missing
 * value gives every section in the default order.
 */
export function parseSections(value: string | null | undefined): { sections: SectionKey[]; unknown: string[] } {
  const tokens = (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!tokens.length) return { sections: [...SECTION_KEYS], unknown: [] };
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
 * LOINC section codes of an International Patient Summary Composition, mapped onto our sections.
 * (IPS required/recommended/optional sections; history of past illness goes with problems.)
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
};
