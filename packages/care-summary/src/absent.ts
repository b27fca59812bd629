// Records that state an absence rather than an item: "No known drug allergy", "No information about
// medications". Each becomes a statement of its section, as coded: "none known" or "not available".
import type { FhirResource } from 'fhir/r4.js';
import { asArray, isRecord, plainText, type MessageKey } from '@joinedcare/core';
import type { SectionKey } from './sections.js';

/** What an absence statement says: nothing of the kind is known, or no information is available. */
export type AbsenceKind = 'none-known' | 'not-available';

const SNOMED = 'http://snomed.info/sct';
/** The IPS 1.x "absent or unknown" code system (removed from IPS 2.0, still in use: see its published examples). */
export const IPS_ABSENT_UNKNOWN = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';

interface Absence {
  kind: AbsenceKind;
  section: SectionKey;
  /** Our wording when the record gives the code only (never a broader statement than the code's). */
  fallback: MessageKey;
}

/** SNOMED CT known-absence situations (IPS value sets; GP Connect allergies guidance: 716186003 and children). */
const SNOMED_ABSENCES: Record<string, Absence> = {
  '716186003': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownAllergy' },
  '409137002': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownDrugAllergy' },
  '429625007': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownFoodAllergy' },
  '428607008': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownEnvironmentalAllergy' },
  '428197003': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownInsectAllergy' },
  '1003774007': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownLatexAllergy' },
  '787481004': { kind: 'none-known', section: 'medicines', fallback: 'csAbsNoKnownMedications' },
  '160245001': { kind: 'none-known', section: 'problems', fallback: 'csAbsNoCurrentProblems' },
  '787482006': { kind: 'none-known', section: 'immunisations', fallback: 'csAbsNoKnownImmunisations' },
  '787480003': { kind: 'none-known', section: 'procedures', fallback: 'csAbsNoKnownProcedures' },
  '1287211007': { kind: 'not-available', section: 'uncategorised', fallback: 'csAbsNoInformation' },
};

/** The IPS 1.x absent/unknown codes. */
const IPS_ABSENCES: Record<string, Absence> = {
  'no-allergy-info': { kind: 'not-available', section: 'allergies', fallback: 'csAbsNoAllergyInfo' },
  'no-known-allergies': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownAllergy' },
  'no-known-medication-allergies': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownDrugAllergy' },
  'no-known-environmental-allergies': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownEnvironmentalAllergy' },
  'no-known-food-allergies': { kind: 'none-known', section: 'allergies', fallback: 'csAbsNoKnownFoodAllergy' },
  'no-medication-info': { kind: 'not-available', section: 'medicines', fallback: 'csAbsNoMedicationInfo' },
  'no-known-medications': { kind: 'none-known', section: 'medicines', fallback: 'csAbsNoKnownMedications' },
  'no-problem-info': { kind: 'not-available', section: 'problems', fallback: 'csAbsNoProblemInfo' },
  'no-known-problems': { kind: 'none-known', section: 'problems', fallback: 'csAbsNoKnownProblems' },
  'no-immunization-info': { kind: 'not-available', section: 'immunisations', fallback: 'csAbsNoImmunisationInfo' },
  'no-known-immunizations': { kind: 'none-known', section: 'immunisations', fallback: 'csAbsNoKnownImmunisations' },
  'no-procedure-info': { kind: 'not-available', section: 'procedures', fallback: 'csAbsNoProcedureInfo' },
  'no-known-procedures': { kind: 'none-known', section: 'procedures', fallback: 'csAbsNoKnownProcedures' },
  'no-device-info': { kind: 'not-available', section: 'uncategorised', fallback: 'csAbsNoDeviceInfo' },
  'no-known-devices': { kind: 'none-known', section: 'uncategorised', fallback: 'csAbsNoKnownDevices' },
};

/** SNOMED CT codes that state the absence of allergies (for callers that only need the set). */
export const NO_KNOWN_ALLERGY_CODES = new Set(
  Object.entries(SNOMED_ABSENCES)
    .filter(([, a]) => a.section === 'allergies')
    .map(([c]) => c),
);

/** The field that names what a resource is about (where an absence code would be). */
function conceptOf(r: Record<string, unknown>): unknown {
  switch (r['resourceType']) {
    case 'MedicationStatement':
    case 'MedicationRequest':
      return r['medicationCodeableConcept'];
    case 'Immunization':
      return r['vaccineCode'];
    default:
      return r['code'];
  }
}

/** What an absence record states: its kind, its section, the coded term (as coded) or our wording for the code. */
export function absenceOf(resource: FhirResource | unknown): (Absence & { term?: string }) | undefined {
  if (!isRecord(resource)) return undefined;
  const concept = conceptOf(resource);
  if (!isRecord(concept)) return undefined;
  for (const c of asArray<Record<string, unknown>>(concept['coding'])) {
    if (!isRecord(c)) continue;
    const code = plainText(c['code']);
    const system = plainText(c['system']);
    const found = system === SNOMED ? SNOMED_ABSENCES[code] : system === IPS_ABSENT_UNKNOWN ? IPS_ABSENCES[code] : undefined;
    if (!found) continue;
    const term = plainText(concept['text']) || plainText(c['display']);
    return { ...found, ...(term ? { term } : {}) };
  }
  return undefined;
}

/** Whether a resource states an absence (it is a statement, never an item). */
export const isAbsence = (resource: unknown): boolean => absenceOf(resource) !== undefined;

/** Whether an AllergyIntolerance states that no allergy (of a kind) is known. */
export function isNoKnownAllergy(a: unknown): boolean {
  return absenceOf(a)?.kind === 'none-known' && isRecord(a) && a['resourceType'] === 'AllergyIntolerance';
}
