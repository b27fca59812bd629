/**
 * The example rule set. EXAMPLES FOR AN ORGANISATION TO REVIEW AND ADOPT, NOT CLINICAL ADVICE. Each
 * rule names the guideline and the section it follows; docs/specialist-finder.md sets each beside a
 * paraphrase of that guideline text.
 * - NICE NG203 (chronic kidney disease), recommendation 1.5.5: refer adults with CKD for specialist
 *   assessment with a 5-year KFRE risk above 5%, an ACR of 70 mg/mmol or more, a sustained eGFR fall
 *   of 25% or more with a change of category within 12 months, or a sustained fall of 15
 *   ml/min/1.73 m2 or more a year. Four rules, one per criterion.
 * - NICE NG28 (type 2 diabetes in adults): HbA1c targets and when to intensify treatment. NG28 sets
 *   no HbA1c at which to seek specialist advice; the threshold here (75 mmol/mol) is LOCAL and the
 *   rule and its card say so (`basis: local`).
 * - NICE NG115 (COPD in over 16s), referral for specialist advice: of its reasons for referral,
 *   those a record can show: COPD in a person under 40, and the onset of cor pulmonale.
 *
 * Kept as a TypeScript module (not a .json import) so it loads the same way in browsers, the test
 * runner and Node; it is plain JSON data all the same (`JSON.stringify(EXAMPLE_RULE_SET)` is a valid
 * rule file).
 */
import { EXAMPLE_CODE_LISTS } from './example-code-lists.js';
import { parseRuleSet } from './schema.js';
import type { AkiExclusion, ContactExclusion, Rule, RuleSet } from './types.js';

const NG203 = {
  label: 'NICE NG203: Chronic kidney disease, recommendation 1.5.5 (referral criteria)',
  url: 'https://www.nice.org.uk/guidance/ng203',
};
const NG115 = { label: 'NICE NG115: COPD in over 16s, referral for specialist advice', url: 'https://www.nice.org.uk/guidance/ng115' };
const NG115_RECS = [{ label: 'NG115 recommendations', url: 'https://www.nice.org.uk/guidance/ng115/chapter/Recommendations' }];
const NG203_RECS = [{ label: 'NG203 recommendations', url: 'https://www.nice.org.uk/guidance/ng203/chapter/Recommendations' }];

/** Specialist contact with the specialty in the last `months` months: a referral, A&G, an attendance or an episode of care. */
const noSpecialistContact = (codeList: string, months = 12): ContactExclusion[] => [
  {
    kind: 'specialist-contact',
    resourceTypes: ['ServiceRequest', 'CommunicationRequest', 'Encounter', 'EpisodeOfCare'],
    codeList,
    withinMonths: months,
  },
];

/** eGFR results around an acute kidney injury (coded, or a creatinine rise to 1.5 times baseline) are left out. */
const AKI: AkiExclusion = {
  conditions: { codeList: 'aki' },
  creatinine: { codeList: 'creatinine' },
  ratio: 1.5,
  daysBefore: 7,
  daysAfter: 90,
};

const adults = { ageAtLeast: 18 };

const kidney = (rule: Omit<Rule, 'specialty' | 'severity' | 'population' | 'exclusions' | 'source' | 'links'>): Rule => ({
  ...rule,
  severity: 'warning',
  specialty: 'kidney',
  population: adults,
  exclusions: noSpecialistContact('kidney-specialty'),
  source: NG203,
  links: NG203_RECS,
});

export const EXAMPLE_RULES_DISCLAIMER =
  'These rules are examples for an organisation to review and adopt, following NICE NG203, NG28 and NG115. They are not clinical advice.';

export const EXAMPLE_RULE_SET: RuleSet = {
  version: 1,
  name: 'joined-care example rules',
  disclaimer: EXAMPLE_RULES_DISCLAIMER,
  codeLists: EXAMPLE_CODE_LISTS,
  rules: [
    kidney({
      id: 'ckd-kfre-5-year-risk',
      title: 'Kidney failure risk (KFRE) above 5% in 5 years, no kidney specialist contact',
      summary: '5-year kidney failure risk above 5% (KFRE, 4-variable): NICE NG203 says refer for specialist assessment',
      criteria: {
        kind: 'kfre',
        label: 'KFRE',
        egfr: { codeList: 'egfr' },
        acr: { codeList: 'acr' },
        acrUnit: 'mg/mmol',
        horizonYears: 5,
        calibration: 'non-north-american',
        comparator: '>',
        valuePercent: 5,
        egfrBelow: 60,
        windowMonths: 12,
        aki: AKI,
      },
    }),
    kidney({
      id: 'ckd-acr-70',
      title: 'Urine ACR 70 mg/mmol or more, no kidney specialist contact',
      summary: 'Urine ACR 70 mg/mmol or more: NICE NG203 says refer, unless diabetes is the known cause and already treated',
      criteria: {
        kind: 'observation-threshold',
        label: 'ACR',
        codeList: 'acr',
        unit: 'mg/mmol',
        comparator: '>=',
        value: 70,
        count: 1,
        scope: 'latest',
        windowMonths: 12,
      },
    }),
    kidney({
      id: 'ckd-egfr-fall-25-percent',
      title: 'eGFR fallen by 25% or more with a change of category, no kidney specialist contact',
      summary: 'eGFR has fallen by 25% or more, with a change of category, within 12 months: NICE NG203 says refer',
      criteria: {
        kind: 'egfr-fall',
        label: 'eGFR',
        codeList: 'egfr',
        unit: 'mL/min/1.73m2',
        percent: 25,
        withinMonths: 12,
        confirmDays: 90,
        windowMonths: 24,
        aki: AKI,
      },
    }),
    kidney({
      id: 'ckd-egfr-rapid-decline',
      title: 'eGFR falling by 15 or more a year, no kidney specialist contact',
      summary: 'eGFR falling by 15 mL/min/1.73m2 or more a year: NICE NG203 says refer for specialist assessment',
      criteria: {
        kind: 'observation-trend',
        label: 'eGFR',
        codeList: 'egfr',
        unit: 'mL/min/1.73m2',
        direction: 'fall',
        ratePerYear: 15,
        minResults: 3,
        minSpanDays: 90,
        windowMonths: 24,
        aki: AKI,
      },
    }),
    {
      id: 'diabetes-hba1c-persistent',
      title: 'HbA1c 75 mmol/mol or more twice running, no diabetes specialist contact (local threshold)',
      summary: 'HbA1c 75 mmol/mol (9.0%) or more on the last 2 results: consider specialist diabetes advice (local threshold)',
      severity: 'warning',
      specialty: 'diabetes',
      basis: 'local',
      population: { ...adults, hasCondition: { label: 'Type 2 diabetes', codeList: 'type-2-diabetes' } },
      criteria: {
        kind: 'observation-threshold',
        label: 'HbA1c',
        codeList: 'hba1c',
        unit: 'mmol/mol',
        comparator: '>=',
        value: 75,
        count: 2,
        scope: 'latest',
        windowMonths: 12,
      },
      exclusions: noSpecialistContact('diabetes-specialty'),
      source: { label: 'NICE NG28: Type 2 diabetes in adults, section 1.6 (HbA1c targets)', url: 'https://www.nice.org.uk/guidance/ng28' },
      links: [{ label: 'NG28 recommendations', url: 'https://www.nice.org.uk/guidance/ng28/chapter/Recommendations' }],
    },
    {
      id: 'copd-under-40',
      title: 'COPD in a person under 40, no respiratory specialist contact',
      summary: 'COPD recorded in a person aged under 40: NICE NG115 lists this as a reason to refer for specialist advice',
      severity: 'info',
      specialty: 'respiratory',
      population: { ageAtLeast: 16, ageBelow: 40 },
      criteria: { kind: 'condition', label: 'COPD', codeList: 'copd' },
      exclusions: noSpecialistContact('respiratory-specialty', 24),
      source: NG115,
      links: NG115_RECS,
    },
    {
      id: 'copd-cor-pulmonale',
      title: 'Cor pulmonale recorded with COPD, no respiratory specialist contact',
      summary: 'Cor pulmonale recorded in the last 12 months in a person with COPD: NICE NG115 lists its onset as a reason to refer',
      severity: 'warning',
      specialty: 'respiratory',
      population: { ageAtLeast: 16, hasCondition: { label: 'COPD', codeList: 'copd' } },
      criteria: { kind: 'condition', label: 'Cor pulmonale', codeList: 'cor-pulmonale', windowMonths: 12 },
      exclusions: noSpecialistContact('respiratory-specialty'),
      source: NG115,
      links: NG115_RECS,
    },
  ],
};

/** The example rules as `parseRuleSet` returns them (code lists resolved): what the engine evaluates. */
export const EXAMPLE_RULES: readonly Rule[] = /* @__PURE__ */ parseRuleSet(EXAMPLE_RULE_SET).rules;
