// What the engine reads for one patient and what it says about each rule. Types only.
import type { CommunicationRequest, Condition, Encounter, EpisodeOfCare, Observation, Patient, ServiceRequest } from 'fhir/r4.js';
import type { Rule } from './types.js';

/** e-RS's STU3 referral (ReferralRequest), as the e-RS API returns it: only what the engine reads. */
export interface ReferralRequestStu3 {
  resourceType: 'ReferralRequest';
  id?: string;
  status: string;
  authoredOn?: string;
  specialty?: unknown;
  serviceRequested?: unknown;
  type?: unknown;
  extension?: unknown;
  contained?: unknown;
}

export type RequestResource = ServiceRequest | CommunicationRequest | ReferralRequestStu3;

/** Everything the engine needs to know about one patient (already checked by the patient guard). */
export interface PatientRecord {
  /** The Patient: date of birth (age) and sex (KFRE). */
  patient?: Patient | undefined;
  observations: readonly Observation[];
  conditions?: readonly Condition[];
  encounters: readonly Encounter[];
  episodes?: readonly EpisodeOfCare[];
  requests: readonly RequestResource[];
}

/** One result, diagnosis or encounter behind a finding. */
export interface EvidenceItem {
  resourceType: 'Observation' | 'Encounter' | 'Condition';
  id: string;
  /** ISO date-time of the result, the start of the encounter, or when the condition was recorded or began. */
  date: string;
  /** The value in the rule's unit (converted when needed). */
  value?: number;
  unit?: string;
  /** The value as recorded, when it was converted. */
  recorded?: { value: number; unit: string };
  /** The series (eGFR equation) of the result, when the rule names series. */
  series?: string;
}

/** Specialist contact: a referral, an advice request, an attendance or an episode of care with the specialty. */
export interface ContactRef {
  resourceType: 'ServiceRequest' | 'CommunicationRequest' | 'ReferralRequest' | 'Encounter' | 'EpisodeOfCare';
  kind: 'referral' | 'advice' | 'attendance' | 'episode';
  id: string;
  date?: string;
  status: string;
}

/** @deprecated the earlier name of `ContactRef`. */
export type RequestRef = ContactRef;

export type DataWarningKind =
  'missing-unit' | 'unknown-unit' | 'no-date' | 'future-date' | 'qualified-value' | 'no-value' | 'other-series' | 'aki-window';

/** Data the engine could not use (or deliberately left out), by kind: counted, never silently dropped. */
export interface DataWarning {
  kind: DataWarningKind;
  count: number;
}

/** Why a rule could not be checked for a patient. */
export type NotCheckedReason =
  | { kind: 'no-birth-date' }
  | { kind: 'no-sex' }
  /** No usable `label` result in the last `months` months (the rule needs one). */
  | { kind: 'missing-result'; label: string; months: number }
  /** Results the rule needs could not be used (no unit, unknown unit, no value, a range): see the warnings. */
  | { kind: 'unusable-results'; label: string }
  /** Not enough results of one series (eGFR equation) to check; others were not combined with them. */
  | { kind: 'mixed-series'; label: string; series: string };

/** The figures behind a trend: shown as evidence ("4 results over 412 days"). */
export interface TrendFinding {
  kind: 'trend';
  count: number;
  spanDays: number;
  ratePerYear: number;
  first: EvidenceItem;
  last: EvidenceItem;
  series?: string;
}

/** A sustained fall with a change of category. */
export interface FallFinding {
  kind: 'fall';
  baseline: EvidenceItem;
  confirm: EvidenceItem;
  latest: EvidenceItem;
  percent: number;
  from: string;
  to: string;
}

/** A KFRE risk and what it was worked out from. */
export interface KfreFinding {
  kind: 'kfre';
  riskPercent: number;
  horizonYears: 2 | 5;
  calibration: 'non-north-american' | 'north-american';
  age: number;
  sex: 'male' | 'female';
  egfr: EvidenceItem;
  acr: EvidenceItem;
}

export type Finding = TrendFinding | FallFinding | KfreFinding;

export interface RuleOutcome {
  rule: Rule;
  /**
   * `match`: show it; `excluded`: it matched but there has been specialist contact; `no-match`; and
   * `not-checked`: the record does not hold what the rule needs (never read as "no match").
   */
  status: 'match' | 'excluded' | 'no-match' | 'not-checked';
  evidence: EvidenceItem[];
  finding?: Finding;
  /** For trend rules: the change per year in the rule's unit (negative = falling). */
  ratePerYear?: number;
  /** The age the population check read, when it has an age condition. */
  age?: number;
  /** The diagnosis the population check found (`population.hasCondition`). */
  condition?: EvidenceItem;
  /** The contact that excluded the patient. */
  exclusion?: ContactRef;
  /** Every specialist contact with the specialty (any date), newest first. */
  existing: ContactRef[];
  warnings: DataWarning[];
  /** Why it could not be checked (status `not-checked`). */
  notChecked: NotCheckedReason[];
}
