/**
 * The rule format: declarative JSON an organisation reviews and adopts. Rules are data, not code;
 * `parseRuleSet` (schema.ts) checks a file and names the rule and the field of every problem, so a
 * typo can never turn into a silent non-match. Types only.
 */

export type Severity = 'info' | 'warning' | 'critical';
export type Comparator = '>' | '>=' | '<' | '<=';

/**
 * A code a rule looks at. Clinical codes are SNOMED CT (`http://snomed.info/sct`) or LOINC
 * (`http://loinc.org`); specialty codes (exclusions) may be any code system the records use (e-RS
 * specialty, treatment function code, SNOMED CT specialty).
 */
export interface RuleCode {
  system: string;
  code: string;
  display?: string;
  /**
   * The series a result code belongs to, e.g. the eGFR equation (`CKD-EPI`, `MDRD`). A trend or a
   * fall is worked out within one series only: results of another series are never combined.
   */
  series?: string;
}

/** Codes given inline (`codes`) or by the id of a code list the rule set carries (`codeList`). */
export interface CodeRef {
  codes?: RuleCode[];
  codeList?: string;
}

/**
 * A list of codes the rule set carries, e.g. a SNOMED CT concept and its descendants (an expansion
 * taken from a terminology server: the engine does no subsumption of its own). `include` adds the
 * codes of other lists; a cycle of includes is an error.
 */
export interface CodeList {
  description: string;
  codes?: RuleCode[];
  include?: string[];
}

/** Who a rule is for: every field given must hold. */
export interface Population {
  /** Age in whole years on the day of the check, at least this. */
  ageAtLeast?: number;
  /** Age in whole years, below this. */
  ageBelow?: number;
  /** A current diagnosis (an active Condition) with one of these codes. */
  hasCondition?: CodeRef & { label: string };
}

/**
 * An acute kidney injury (AKI) exclusion window: eGFR results from `daysBefore` before to
 * `daysAfter` after an AKI are left out of a kidney trend, fall or risk. An AKI is a coded diagnosis
 * (`conditions`) or a creatinine rise to `ratio` times the baseline (`creatinine`; baseline: the
 * lowest result in the 7 days before, else the median of the results 8 to 365 days before). Without
 * creatinine results, an eGFR fall to the level such a rise gives (see aki.ts) counts.
 */
export interface AkiExclusion {
  conditions?: CodeRef;
  creatinine?: CodeRef;
  /** Default 1.5. */
  ratio?: number;
  /** Default 7. */
  daysBefore?: number;
  /** Default 90. */
  daysAfter?: number;
}

interface ObservationCriteriaBase extends CodeRef {
  /** Short name of the measurement, used in the evidence ("HbA1c"). */
  label: string;
  /** Unit the rule's numbers are in; results in other known units are converted. */
  unit: string;
  /** Only results in the last N months count. */
  windowMonths: number;
}

/** "The latest `count` results (or any `count` results) in the window are above/below a threshold." */
export interface ObservationThresholdCriteria extends ObservationCriteriaBase {
  kind: 'observation-threshold';
  comparator: Comparator;
  value: number;
  /** How many results must meet the threshold (default 1). */
  count?: number;
  /** `latest`: the `count` most recent results all meet it (persistently); `any`: at least `count` do. Default `latest`. */
  scope?: 'latest' | 'any';
}

/** "The value falls (or rises) by at least `ratePerYear` per year": a least-squares regression over the window. */
export interface ObservationTrendCriteria extends ObservationCriteriaBase {
  kind: 'observation-trend';
  direction: 'fall' | 'rise';
  /** Change per year, in `unit`: the slope of the regression line. */
  ratePerYear: number;
  /** At least this many results (default and minimum 3). */
  minResults?: number;
  /** The first and last result at least this many days apart (default and minimum 90). */
  minSpanDays?: number;
  aki?: AkiExclusion;
}

/**
 * "A sustained fall of `percent`% or more, with a change of eGFR category, within `withinMonths`":
 * the two latest results are both at least `percent`% below the baseline (the earliest result in the
 * `withinMonths` before the latest), at least `confirmDays` apart, and the latest is in another
 * category (G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 < 15) than the baseline.
 */
export interface EgfrFallCriteria extends ObservationCriteriaBase {
  kind: 'egfr-fall';
  percent: number;
  withinMonths: number;
  /** Default 90. */
  confirmDays?: number;
  aki?: AkiExclusion;
}

/**
 * The 4-variable Kidney Failure Risk Equation (age, sex, eGFR, ACR): risk of kidney failure needing
 * renal replacement therapy within `horizonYears`, compared with `valuePercent`. Worked out only when
 * the latest eGFR is below `egfrBelow` (default 60: the equation is for CKD G3a–G5).
 */
export interface KfreCriteria {
  kind: 'kfre';
  label: string;
  egfr: CodeRef;
  acr: CodeRef;
  /** Unit the ACR is shown in (`mg/mmol` or `mg/g`; the equation itself uses mg/g). */
  acrUnit: string;
  horizonYears: 2 | 5;
  calibration: 'non-north-american' | 'north-american';
  comparator: Comparator;
  valuePercent: number;
  egfrBelow?: number;
  /** The eGFR and ACR results must be in the last N months. */
  windowMonths: number;
  aki?: AkiExclusion;
}

/** "A Condition with one of these codes is recorded" (within the window, when given). */
export interface ConditionCriteria extends CodeRef {
  kind: 'condition';
  label: string;
  /** Recorded or started in the last N months (default: any time). */
  windowMonths?: number;
}

/** "At least `count` encounters of these classes, for these reasons, in the window." */
export interface EncounterCountCriteria extends CodeRef {
  kind: 'encounter-count';
  label: string;
  /** `Encounter.class` codes (v3 ActCode), e.g. `IMP` for an admission. */
  classes: string[];
  count: number;
  windowMonths: number;
}

export type RuleCriteria =
  ObservationThresholdCriteria | ObservationTrendCriteria | EgfrFallCriteria | KfreCriteria | ConditionCriteria | EncounterCountCriteria;

export type ContactResourceType = 'ServiceRequest' | 'CommunicationRequest' | 'Encounter' | 'EpisodeOfCare';

/**
 * "Not if there has been specialist contact in the last N months": a referral (ServiceRequest, or
 * e-RS's STU3 ReferralRequest), an advice request (CommunicationRequest, or an e-RS A&G
 * ServiceRequest), a specialist attendance (Encounter) or an episode of specialist care
 * (EpisodeOfCare) with one of the specialty codes: SNOMED CT specialty, e-RS specialty or treatment
 * function code, wherever the resource carries them (code, category, performer type, specialty,
 * service type, type, reason, extensions, the HealthcareService it names).
 */
export interface ContactExclusion extends CodeRef {
  /** `recent-request` is the earlier name of the same exclusion. */
  kind: 'specialist-contact' | 'recent-request';
  resourceTypes: ContactResourceType[];
  withinMonths: number;
  /** Statuses that count (default: requests active, on-hold, completed; encounters any but planned/cancelled; episodes any but planned/cancelled). */
  statuses?: string[];
}

/** @deprecated the earlier name of `ContactExclusion`. */
export type RequestExclusion = ContactExclusion;

export interface RuleSource {
  label: string;
  url: string;
}

export interface Rule {
  id: string;
  title: string;
  /** The CDS Hooks card summary: under 140 characters. */
  summary: string;
  severity: Severity;
  /** The specialty the patient might need, e.g. "kidney". */
  specialty: string;
  /** `local`: a threshold set by the organisation, not by the guideline it cites (the card says so). Default `guideline`. */
  basis?: 'guideline' | 'local';
  /** Who the rule is for. */
  population?: Population;
  criteria: RuleCriteria;
  exclusions: ContactExclusion[];
  /** The guideline the rule follows (the card's source). */
  source: RuleSource;
  /** Further links shown on the card, e.g. the guideline's recommendations page. */
  links?: RuleSource[];
}

export interface RuleSet {
  version: 1;
  name: string;
  /** Who reviewed and adopted the rules, or the "examples only" statement. */
  disclaimer?: string;
  codeLists?: Record<string, CodeList>;
  rules: Rule[];
}

/** One problem in a rule file: which rule, which field, what is wrong. */
export interface RuleIssue {
  /** The rule's id, or `rules[3]` when it has none (`(file)` for the file, `codeLists.x` for a code list). */
  rule: string;
  /** Field path inside the rule (or the file), e.g. `criteria.value`. */
  path: string;
  message: string;
}
