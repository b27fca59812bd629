/**
 * The rule engine both elements and the CDS Hooks service share. Pure functions: FHIR resources for
 * ONE patient + rules (as `parseRuleSet` returns them) + "now" in, an outcome per rule out. No
 * fetching, no DOM, no clock of its own.
 *
 * A rule matches when its population (age, diagnosis) and its criteria are met and no exclusion
 * (specialist contact) applies. Each part is met, not met, or unknown; anything not met makes it
 * "no match", otherwise anything unknown makes it "could not be checked" (the record lacks what the
 * rule needs), never "no match".
 */
import { ageInYears } from '@joinedcare/core';
import { codesOf, condition, currentConditions, encounters, fall, threshold, trend, type Verdict } from './criteria.js';
import { excludingContact, specialistContacts } from './contact.js';
import { monthsBefore } from './dates.js';
import { kfreVerdict } from './kfre.js';
import { Warnings } from './readings.js';
import type { EvidenceItem, PatientRecord, RuleOutcome } from './outcome.js';
import type { ContactResourceType, Population, Rule } from './types.js';

export type * from './outcome.js';
export { compare, egfrCategory, slopePerYear } from './criteria.js';
export { DAY_MS, YEAR_DAYS, monthsBefore, parseDate } from './dates.js';
export { conceptHasCode } from './codes.js';
export { convertUnit, hba1cMmolMolToPercent, hba1cPercentToMmolMol, normaliseUnit, acrMgMmolToMgG } from './units.js';

function criteriaVerdict(rule: Rule, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const c = rule.criteria;
  switch (c.kind) {
    case 'observation-threshold':
      return threshold(c, record, now, w);
    case 'observation-trend':
      return trend(c, record, now, w);
    case 'egfr-fall':
      return fall(c, record, now, w);
    case 'kfre':
      return kfreVerdict(c, record, now, w);
    case 'condition':
      return condition(c, record, now);
    case 'encounter-count':
      return encounters(c, record, now, w);
  }
}

/** Age bounds in whole years, from a full or partial (`1950`, `1950-04`) date of birth. */
function ageRange(birthDate: unknown, now: Date): [number, number] | undefined {
  if (typeof birthDate !== 'string') return undefined;
  const exact = ageInYears(birthDate, now);
  if (exact !== undefined) return [exact, exact];
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(birthDate);
  if (!m) return undefined;
  const y = Number(m[1]);
  const [from, to] = m[2] ? [Number(m[2]), Number(m[2])] : [1, 12];
  const last = new Date(Date.UTC(y, to, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  const oldest = ageInYears(`${y}-${pad(from)}-01`, now);
  const youngest = ageInYears(`${y}-${pad(to)}-${pad(last)}`, now);
  return oldest === undefined || youngest === undefined ? undefined : [youngest, oldest];
}

interface PopulationVerdict {
  state: Verdict['state'];
  age?: number;
  condition?: EvidenceItem;
  unknown?: Verdict['unknown'];
}

function populationVerdict(p: Population | undefined, record: PatientRecord, now: Date): PopulationVerdict {
  if (!p) return { state: 'met' };
  const out: PopulationVerdict = { state: 'met' };
  if (p.hasCondition) {
    const found = currentConditions(codesOf(p.hasCondition), record.conditions ?? [])[0];
    if (!found) return { state: 'not-met' };
    const { t: _t, ...evidence } = found;
    out.condition = evidence;
  }
  if (p.ageAtLeast !== undefined || p.ageBelow !== undefined) {
    const range = ageRange(record.patient?.birthDate, now);
    if (!range) return { ...out, state: 'unknown', unknown: [{ kind: 'no-birth-date' }] };
    const [lo, hi] = range;
    const atLeast = p.ageAtLeast === undefined ? true : lo >= p.ageAtLeast ? true : hi < p.ageAtLeast ? false : undefined;
    const below = p.ageBelow === undefined ? true : hi < p.ageBelow ? true : lo >= p.ageBelow ? false : undefined;
    if (atLeast === false || below === false) return { state: 'not-met' };
    if (atLeast === undefined || below === undefined) return { ...out, state: 'unknown', unknown: [{ kind: 'no-birth-date' }] };
    if (lo === hi) out.age = lo;
  }
  return out;
}

/** Evaluates one rule for one patient. */
export function evaluateRule(rule: Rule, record: PatientRecord, now: Date): RuleOutcome {
  const w = new Warnings();
  const v = criteriaVerdict(rule, record, now, w);
  const pop = v.state === 'not-met' ? { state: 'met' as const } : populationVerdict(rule.population, record, now);
  const base: RuleOutcome = {
    rule,
    status: 'no-match',
    evidence: v.evidence,
    existing: [],
    warnings: w.list(),
    notChecked: [],
    ...(v.finding ? { finding: v.finding } : {}),
    ...(v.ratePerYear !== undefined ? { ratePerYear: v.ratePerYear } : {}),
    ...(pop.age !== undefined ? { age: pop.age } : {}),
    ...(pop.condition ? { condition: pop.condition } : {}),
  };
  if (v.state === 'not-met' || pop.state === 'not-met') return { ...base, evidence: [] };
  // specialist contact is worked out only for patients the rule concerns (the population scan evaluates thousands)
  base.existing = specialistContacts(rule.exclusions, record, now);
  if (v.state === 'unknown' || pop.state === 'unknown') {
    return { ...base, status: 'not-checked', evidence: [], notChecked: [...(pop.unknown ?? []), ...(v.unknown ?? [])] };
  }
  const exclusion = excludingContact(rule.exclusions, record, now);
  return exclusion ? { ...base, status: 'excluded', exclusion } : { ...base, status: 'match' };
}

/** Evaluates every rule for one patient. */
export function evaluateRules(rules: readonly Rule[], record: PatientRecord, now: Date): RuleOutcome[] {
  return rules.map((rule) => evaluateRule(rule, record, now));
}

/**
 * Whether the patient's trigger data may meet the rule (exclusions not checked; a missing Patient
 * reads as "not known yet"): a candidate whose Patient and specialist contact are to be fetched.
 */
export function meetsCriteria(
  rule: Rule,
  record: Omit<PatientRecord, 'requests'> & { requests?: PatientRecord['requests'] },
  now: Date,
): boolean {
  return evaluateRule({ ...rule, exclusions: [] }, { ...record, requests: [] }, now).status !== 'no-match';
}

export const SEVERITY_RANK: Record<Rule['severity'], number> = { critical: 3, warning: 2, info: 1 };

/** What to fetch for a set of rules: codes and how far back. */
export interface QueryPlan {
  /** `system|code` tokens of every result code (criteria, KFRE inputs, creatinine for AKI), for `Observation?code=`. */
  observationCodes: string[];
  /** `ge` date for Observation searches (the longest window, a year more for AKI baselines). */
  observationSince?: string;
  /** `system|code` tokens of every diagnosis code (population, criteria, coded AKI), for `Condition?code=`. */
  conditionCodes: string[];
  /** `ge` date for Encounter searches (encounter criteria and specialist attendances). */
  encounterSince?: string;
  /** Resource types of specialist contact to fetch. */
  contactTypes: ContactResourceType[];
  /** @deprecated the request types among `contactTypes`. */
  requestTypes: Array<'ServiceRequest' | 'CommunicationRequest'>;
}

export function queryPlan(rules: readonly Rule[], now: Date): QueryPlan {
  const obs = new Set<string>();
  const cond = new Set<string>();
  let obsMonths = 0;
  let encMonths = 0;
  const types = new Set<ContactResourceType>();
  const add = (to: Set<string>, ref: { codes?: ReadonlyArray<{ system: string; code: string }> | undefined } | undefined) => {
    for (const code of ref?.codes ?? []) to.add(`${code.system}|${code.code}`);
  };
  for (const r of rules) {
    const c = r.criteria;
    add(cond, r.population?.hasCondition);
    if (c.kind === 'encounter-count') encMonths = Math.max(encMonths, c.windowMonths);
    else if (c.kind === 'condition') add(cond, c);
    else if (c.kind === 'kfre') {
      add(obs, c.egfr);
      add(obs, c.acr);
      obsMonths = Math.max(obsMonths, c.windowMonths);
    } else {
      add(obs, c);
      obsMonths = Math.max(obsMonths, c.windowMonths);
    }
    if ('aki' in c && c.aki) {
      add(cond, c.aki.conditions);
      add(obs, c.aki.creatinine);
      if (c.aki.creatinine) obsMonths = Math.max(obsMonths, c.windowMonths + 12);
    }
    for (const x of r.exclusions) {
      for (const t of x.resourceTypes) types.add(t);
      if (x.resourceTypes.includes('Encounter')) encMonths = Math.max(encMonths, x.withinMonths);
    }
  }
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const contactTypes = [...types];
  return {
    observationCodes: [...obs],
    ...(obsMonths ? { observationSince: day(monthsBefore(now, obsMonths)) } : {}),
    conditionCodes: [...cond],
    ...(encMonths ? { encounterSince: day(monthsBefore(now, encMonths)) } : {}),
    contactTypes,
    requestTypes: contactTypes.filter(
      (t): t is 'ServiceRequest' | 'CommunicationRequest' => t === 'ServiceRequest' || t === 'CommunicationRequest',
    ),
  };
}
