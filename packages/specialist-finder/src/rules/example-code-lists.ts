/**
 * The code lists of the example rule set. EXAMPLES FOR AN ORGANISATION TO REVIEW: the SNOMED CT
 * lists are a concept and some of its descendants (the engine does no subsumption, so a rule set
 * carries its expansions); take complete expansions from the NHS terminology server (for example
 * ECL `<<44054006`) for the SNOMED CT UK edition you use. Specialty codes: the e-RS specialty codes
 * and the treatment function code system URL must be checked against what your systems send (e-RS
 * publishes its specialty CodeSystem at `{e-RS base}/STU3/CodeSystem/SPECIALTY`).
 */
import type { CodeList, RuleCode } from './types.js';

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
/** Treatment function codes (NHS Data Model and Dictionary), as this example assumes they are sent. */
export const TREATMENT_FUNCTION_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-TreatmentFunction';
/** e-RS specialties (e-RS names its CodeSystem under its own base URL; this is the API's production base). */
export const ERS_SPECIALTY_SYSTEM = 'https://api.service.nhs.uk/referrals/FHIR/STU3/CodeSystem/SPECIALTY';

const sct = (code: string, display: string, series?: string): RuleCode => ({ system: SCT, code, display, ...(series ? { series } : {}) });
const loinc = (code: string, display: string, series?: string): RuleCode => ({
  system: LOINC,
  code,
  display,
  ...(series ? { series } : {}),
});

/** A specialty as SNOMED CT, treatment function and e-RS codes (any of them names the specialty). */
function specialty(description: string, snomed: [string, string], tfc: [string, string], ers: [string, string]): CodeList {
  return {
    description,
    codes: [
      sct(...snomed),
      { system: TREATMENT_FUNCTION_SYSTEM, code: tfc[0], display: tfc[1] },
      { system: ERS_SPECIALTY_SYSTEM, code: ers[0], display: ers[1] },
    ],
  };
}

export const EXAMPLE_CODE_LISTS: Record<string, CodeList> = {
  'type-2-diabetes': {
    description: 'Type 2 diabetes mellitus: SNOMED CT 44054006 and some descendants (example expansion)',
    codes: [
      sct('44054006', 'Type 2 diabetes mellitus'),
      sct('313436004', 'Type 2 diabetes mellitus without complication'),
      sct('359642000', 'Diabetes mellitus type 2 in nonobese'),
      sct('81531005', 'Diabetes mellitus type 2 in obese'),
      sct('237599002', 'Insulin treated type 2 diabetes mellitus'),
    ],
  },
  copd: {
    description: 'Chronic obstructive pulmonary disease: SNOMED CT 13645005 and some descendants (example expansion)',
    codes: [
      sct('13645005', 'Chronic obstructive lung disease'),
      sct('195951007', 'Acute exacerbation of chronic obstructive airways disease'),
      sct('185086009', 'Chronic obstructive bronchitis'),
      sct('87433001', 'Pulmonary emphysema'),
      sct('313296004', 'Mild chronic obstructive pulmonary disease'),
      sct('313297008', 'Moderate chronic obstructive pulmonary disease'),
      sct('313299006', 'Severe chronic obstructive pulmonary disease'),
      sct('135836000', 'End stage chronic obstructive airways disease'),
    ],
  },
  'cor-pulmonale': { description: 'Cor pulmonale: SNOMED CT 83291003', codes: [sct('83291003', 'Cor pulmonale')] },
  aki: { description: 'Acute kidney injury: SNOMED CT 14669001', codes: [sct('14669001', 'Acute kidney injury')] },
  hba1c: {
    description: 'HbA1c results (IFCC mmol/mol, or DCCT %: converted)',
    codes: [
      sct('1049301000000100', 'HbA1c level (IFCC standardised)'),
      loinc('59261-8', 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol'),
      loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
    ],
  },
  egfr: {
    description: 'eGFR results, each code with its equation: a trend or fall never combines two equations',
    codes: [
      sct('1011481000000105', 'eGFR using creatinine (CKD-EPI) per 1.73 square metres', 'CKD-EPI'),
      loinc('62238-1', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI)', 'CKD-EPI'),
      loinc('98979-8', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI 2021)', 'CKD-EPI 2021'),
      sct('1020291000000106', 'GFR calculated by abbreviated Modification of Diet in Renal Disease Study Group calculation', 'MDRD'),
      loinc('33914-3', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (MDRD)', 'MDRD'),
    ],
  },
  acr: {
    description: 'Urine albumin:creatinine ratio (mg/mmol, or mg/g: converted)',
    codes: [
      sct('1023491000000104', 'Urine albumin:creatinine ratio'),
      loinc('9318-7', 'Albumin/Creatinine [Mass Ratio] in Urine'),
      loinc('14959-1', 'Microalbumin/Creatinine [Mass Ratio] in Urine'),
    ],
  },
  creatinine: {
    description: 'Serum creatinine results (µmol/L, or mg/dL: converted), for the AKI rule',
    codes: [
      sct('1000731000000107', 'Serum creatinine level'),
      loinc('14682-9', 'Creatinine [Moles/volume] in Serum or Plasma'),
      loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'),
    ],
  },
  'kidney-specialty': specialty(
    'Kidney specialist (nephrology)',
    ['394589003', 'Nephrology'],
    ['361', 'Nephrology'],
    ['RENAL_MEDICINE', 'Renal Medicine'],
  ),
  'diabetes-specialty': specialty(
    'Diabetes specialist',
    ['408475000', 'Diabetic medicine'],
    ['307', 'Diabetes Medicine'],
    ['DIABETIC_MEDICINE', 'Diabetic Medicine'],
  ),
  'respiratory-specialty': specialty(
    'Respiratory specialist',
    ['418112009', 'Pulmonary medicine'],
    ['340', 'Respiratory Medicine'],
    ['RESPIRATORY_MEDICINE', 'Respiratory Medicine'],
  ),
};
