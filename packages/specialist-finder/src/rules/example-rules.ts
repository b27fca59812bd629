/**
 * The example rule set. EXAMPLES FOR AN ORGANISATION TO REVIEW AND ADOPT, NOT CLINICAL ADVICE:
 * thresholds, windows and exclusions are illustrations of the format, loosely based on the cited
 * guidance, and must be set by the organisation's clinical leads before use.
 *
 * Kept as a TypeScript module (not a .json import) so it loads the same way in browsers, the test
 * runner and Node without JSON import attributes; it is plain JSON data all the same
 * (`JSON.stringify(EXAMPLE_RULE_SET)` is a valid rule file).
 */
import { SYSTEM } from '@joinedcare/core';
import type { RequestExclusion, RuleSet } from './schema.js';

const SCT = SYSTEM.snomed;
const LOINC = SYSTEM.loinc;

/** The exclusion of every example rule: a referral or advice request to the specialty in the last 12 months. */
const noRequestIn12Months = (specialty: { code: string; display: string }): RequestExclusion[] => [
  {
    kind: 'recent-request',
    resourceTypes: ['ServiceRequest', 'CommunicationRequest'],
    codes: [{ system: SCT, ...specialty }],
    withinMonths: 12,
  },
];

export const EXAMPLE_RULES_DISCLAIMER = 'These rules are examples for an organisation to review and adopt. They are not clinical advice.';

export const EXAMPLE_RULE_SET: RuleSet = {
  version: 1,
  name: 'joined-care example rules',
  disclaimer: EXAMPLE_RULES_DISCLAIMER,
  rules: [
    {
      id: 'diabetes-hba1c-persistent',
      title: 'HbA1c persistently high, no diabetes specialist contact',
      summary: 'HbA1c has stayed at or above 58 mmol/mol (7.5%); consider specialist diabetes advice',
      severity: 'warning',
      specialty: 'diabetes',
      criteria: {
        kind: 'observation-threshold',
        label: 'HbA1c',
        codes: [
          { system: SCT, code: '1049301000000100', display: 'HbA1c level (IFCC standardised)' },
          { system: LOINC, code: '59261-8', display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol' },
          { system: LOINC, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood (%)' },
        ],
        unit: 'mmol/mol',
        comparator: '>=',
        value: 58,
        count: 2,
        scope: 'latest',
        windowMonths: 12,
      },
      exclusions: noRequestIn12Months({ code: '408475000', display: 'Diabetic medicine' }),
      source: { label: 'NICE NG28: Type 2 diabetes in adults (HbA1c 58 mmol/mol, 7.5%)', url: 'https://www.nice.org.uk/guidance/ng28' },
    },
    {
      id: 'ckd-egfr-rapid-decline',
      title: 'eGFR falling fast, no kidney specialist contact',
      summary: 'eGFR has fallen by 15 mL/min/1.73m2 or more per year; consider referral to a kidney specialist',
      severity: 'warning',
      specialty: 'kidney',
      criteria: {
        kind: 'observation-trend',
        label: 'eGFR',
        codes: [
          { system: SCT, code: '1011481000000105', display: 'eGFR using creatinine (CKD-EPI) per 1.73 square metres' },
          { system: LOINC, code: '62238-1', display: 'Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI)' },
          { system: LOINC, code: '33914-3', display: 'Glomerular filtration rate/1.73 sq M.predicted (MDRD)' },
        ],
        unit: 'mL/min/1.73m2',
        direction: 'fall',
        ratePerYear: 15,
        windowMonths: 24,
        minResults: 2,
        minSpanDays: 90,
      },
      exclusions: noRequestIn12Months({ code: '394589003', display: 'Nephrology' }),
      source: {
        label: 'NICE NG203: Chronic kidney disease (sustained eGFR fall of 15 or more per year)',
        url: 'https://www.nice.org.uk/guidance/ng203',
      },
    },
    {
      id: 'copd-repeat-admission',
      title: 'Second COPD admission in 12 months, no respiratory referral',
      summary: 'Two or more hospital admissions for COPD in 12 months; consider respiratory specialist review',
      severity: 'critical',
      specialty: 'respiratory',
      criteria: {
        kind: 'encounter-count',
        label: 'COPD admission',
        classes: ['IMP'],
        codes: [
          { system: SCT, code: '13645005', display: 'Chronic obstructive lung disease' },
          { system: SCT, code: '195951007', display: 'Acute exacerbation of chronic obstructive airways disease' },
        ],
        count: 2,
        windowMonths: 12,
      },
      exclusions: noRequestIn12Months({ code: '418112009', display: 'Pulmonary medicine' }),
      source: {
        label: 'NICE NG115: COPD in over 16s (referral for specialist advice)',
        url: 'https://www.nice.org.uk/guidance/ng115',
      },
    },
  ],
};
