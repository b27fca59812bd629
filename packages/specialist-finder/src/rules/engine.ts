/**
 * The rule engine both elements share. Pure functions: FHIR resources for ONE patient + rules +
 * "now" in, an outcome per rule out. No fetching, no DOM, no clock of its own.
 */
import type { CodeableConcept, CommunicationRequest, Encounter, Observation, Quantity, ServiceRequest } from 'fhir/r4.js';
import type {
  Comparator,
  EncounterCountCriteria,
  ObservationThresholdCriteria,
  ObservationTrendCriteria,
  Rule,
  RuleCode,
} from './schema.js';

export type RequestResource = ServiceRequest | CommunicationRequest;

/** Everything the engine needs to know about one patient (already checked by the patient guard). */
export interface PatientRecord {
  observations: readonly Observation[];
  encounters: readonly Encounter[];
  requests: readonly RequestResource[];
}

/** One result or encounter behind a match. */
export interface EvidenceItem {
  resourceType: 'Observation' | 'Encounter';
  id: string;
  /** ISO date-time of the result or the start of the encounter. */
  date: string;
  /** The value in the rule's unit (converted when needed). */
  value?: number;
  unit?: string;
  /** The value as recorded, when it was converted. */
  recorded?: { value: number; unit: string };
}

/** A referral (ServiceRequest) or advice request (CommunicationRequest) to the rule's specialty. */
export interface RequestRef {
  resourceType: 'ServiceRequest' | 'CommunicationRequest';
  id: string;
  date?: string;
  status: string;
}

export type DataWarningKind = 'missing-unit' | 'unknown-unit' | 'no-date' | 'future-date' | 'qualified-value' | 'no-value';

/** Data the engine could not use, by kind (counted, never silently dropped). */
export interface DataWarning {
  kind: DataWarningKind;
  count: number;
}

export interface RuleOutcome {
  rule: Rule;
  /** `match`: show it; `excluded`: the criteria matched but a recent request exists; `no-match`. */
  status: 'match' | 'excluded' | 'no-match';
  evidence: EvidenceItem[];
  /** For trend rules: the change per year in the rule's unit (negative = falling). */
  ratePerYear?: number;
  /** The request that excluded the patient. */
  exclusion?: RequestRef;
  /** Every request to the specialty (any date), newest first: "existing referral or advice". */
  existing: RequestRef[];
  warnings: DataWarning[];
}

// ---------- dates ----------

const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;

/** Epoch ms of a FHIR date/dateTime (a bare date is midnight UTC); undefined when unparseable. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  if (value.length <= 10) return Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1));
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** `now` moved back by whole calendar months (31 May - 3 months = 28/29 Feb). */
export function monthsBefore(now: Date, months: number): number {
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth() - months;
  const first = new Date(Date.UTC(y, mo, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(now.getUTCDate(), last));
  return first.getTime();
}

// ---------- codes and units ----------

/** An array from untrusted FHIR data, or [] when the field is not an array (malformed data). */
const list = <T>(value: readonly T[] | undefined): readonly T[] => (Array.isArray(value) ? (value as readonly T[]) : []);

export function conceptHasCode(cc: CodeableConcept | undefined, codes: readonly RuleCode[]): boolean {
  return list(cc?.coding).some((c) => codes.some((r) => r.system === c?.system && r.code === c?.code));
}

/** Canonical spelling of a unit, e.g. `mL/min/{1.73_m2}` -> `ml/min/1.73m2`. */
export function normaliseUnit(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[{}]/g, '')
    .replace(/1\.73_?m(\^)?2/, '1.73m2')
    .replace(/^percent$/, '%');
}

/** HbA1c: IFCC (mmol/mol) = 10.929 x (DCCT % - 2.15). */
export const hba1cPercentToMmolMol = (pct: number): number => 10.929 * (pct - 2.15);
export const hba1cMmolMolToPercent = (mmol: number): number => mmol / 10.929 + 2.15;

const CONVERSIONS: Record<string, (v: number) => number> = {
  '%->mmol/mol': hba1cPercentToMmolMol,
  'mmol/mol->%': hba1cMmolMolToPercent,
};

/** Converts `value` from `from` to `to`; undefined when the units are unknown to each other. */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  const f = normaliseUnit(from);
  const t = normaliseUnit(to);
  if (f === t) return value;
  const fn = CONVERSIONS[`${f}->${t}`];
  return fn ? fn(value) : undefined;
}

function quantityUnit(q: Quantity): string | undefined {
  const code = q.system === 'http://unitsofmeasure.org' && typeof q.code === 'string' && q.code !== '' ? q.code : undefined;
  const unit = code ?? (typeof q.unit === 'string' && q.unit.trim() !== '' ? q.unit : undefined);
  return unit;
}

const USABLE_OBSERVATION = new Set(['final', 'amended', 'corrected']);
const IGNORED_ENCOUNTER = new Set(['planned', 'cancelled', 'entered-in-error']);
const DEFAULT_REQUEST_STATUSES = ['active', 'on-hold', 'completed'];

class Warnings {
  private readonly counts = new Map<DataWarningKind, number>();
  add(kind: DataWarningKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }
  list(): DataWarning[] {
    return [...this.counts].map(([kind, count]) => ({ kind, count }));
  }
}

interface Reading extends EvidenceItem {
  t: number;
  value: number;
}

/** Usable results of the criteria's codes in its window, in its unit, newest first. */
function readings(
  criteria: ObservationThresholdCriteria | ObservationTrendCriteria,
  observations: readonly Observation[],
  now: Date,
  warnings: Warnings,
): Reading[] {
  const since = monthsBefore(now, criteria.windowMonths);
  const latest = now.getTime() + DAY_MS; // a result dated "today" in another time zone is fine
  const out: Reading[] = [];
  for (const o of observations) {
    if (!o || !conceptHasCode(o.code, criteria.codes) || !USABLE_OBSERVATION.has(o.status)) continue;
    const when = o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
    const t = parseDate(when);
    if (t === undefined) {
      warnings.add('no-date');
      continue;
    }
    if (t > latest) {
      warnings.add('future-date');
      continue;
    }
    if (t < since) continue;
    const q = o.valueQuantity;
    if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value)) {
      warnings.add('no-value');
      continue;
    }
    if (q.comparator) {
      warnings.add('qualified-value');
      continue;
    }
    const unit = quantityUnit(q);
    if (!unit) {
      warnings.add('missing-unit');
      continue;
    }
    const value = convertUnit(q.value, unit, criteria.unit);
    if (value === undefined) {
      warnings.add('unknown-unit');
      continue;
    }
    const converted = normaliseUnit(unit) !== normaliseUnit(criteria.unit);
    out.push({
      resourceType: 'Observation',
      id: o.id ?? '',
      date: new Date(t).toISOString(),
      t,
      value,
      unit: criteria.unit,
      ...(converted ? { recorded: { value: q.value, unit } } : {}),
    });
  }
  // out-of-order input is normal (servers sort as they like): newest first, ties by id for stability
  return out.sort((a, b) => b.t - a.t || a.id.localeCompare(b.id));
}

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

const strip = ({ t: _t, ...item }: Reading): EvidenceItem => item;

function threshold(c: ObservationThresholdCriteria, record: PatientRecord, now: Date, w: Warnings) {
  const rs = readings(c, record.observations, now, w);
  const count = c.count ?? 1;
  if ((c.scope ?? 'latest') === 'latest') {
    const latest = rs.slice(0, count);
    const ok = latest.length === count && latest.every((r) => compare(r.value, c.comparator, c.value));
    return { matched: ok, evidence: ok ? latest.map(strip) : [] };
  }
  const meeting = rs.filter((r) => compare(r.value, c.comparator, c.value));
  const ok = meeting.length >= count;
  return { matched: ok, evidence: ok ? meeting.map(strip) : [] };
}

function trend(c: ObservationTrendCriteria, record: PatientRecord, now: Date, w: Warnings) {
  const rs = readings(c, record.observations, now, w);
  const none = { matched: false, evidence: [] as EvidenceItem[] };
  if (rs.length < (c.minResults ?? 2)) return none;
  const last = rs[0];
  const first = rs[rs.length - 1];
  const spanDays = (last.t - first.t) / DAY_MS;
  if (spanDays < (c.minSpanDays ?? 90) || spanDays <= 0) return none;
  const ratePerYear = (last.value - first.value) / (spanDays / YEAR_DAYS);
  const matched = c.direction === 'fall' ? -ratePerYear >= c.ratePerYear : ratePerYear >= c.ratePerYear;
  return { matched, evidence: matched ? [strip(last), strip(first)] : [], ratePerYear };
}

function encounters(c: EncounterCountCriteria, record: PatientRecord, now: Date, w: Warnings) {
  const since = monthsBefore(now, c.windowMonths);
  const found: Array<EvidenceItem & { t: number }> = [];
  for (const e of record.encounters) {
    if (!e || IGNORED_ENCOUNTER.has(e.status)) continue;
    if (!c.classes.includes(e.class?.code ?? '')) continue;
    if (!list(e.reasonCode).some((cc) => conceptHasCode(cc, c.codes)) && !list(e.type).some((cc) => conceptHasCode(cc, c.codes))) continue;
    const t = parseDate(e.period?.start);
    if (t === undefined) {
      w.add('no-date');
      continue;
    }
    if (t > now.getTime() + DAY_MS) {
      w.add('future-date');
      continue;
    }
    if (t < since) continue;
    found.push({ resourceType: 'Encounter', id: e.id ?? '', date: new Date(t).toISOString(), t });
  }
  found.sort((a, b) => b.t - a.t || a.id.localeCompare(b.id));
  const matched = found.length >= c.count;
  return { matched, evidence: matched ? found.map(({ t: _t, ...item }) => item) : [] };
}

function requestCodes(r: RequestResource): CodeableConcept[] {
  if (r.resourceType === 'ServiceRequest')
    return [...(r.code ? [r.code] : []), ...list(r.category), ...(r.performerType ? [r.performerType] : [])];
  return [...list(r.category), ...list(r.reasonCode)];
}

function requestRef(r: RequestResource): RequestRef {
  const date = r.authoredOn ?? (r.resourceType === 'ServiceRequest' ? r.occurrenceDateTime : r.occurrenceDateTime);
  return { resourceType: r.resourceType, id: r.id ?? '', status: r.status, ...(date ? { date } : {}) };
}

/** Requests to the rule's specialty (any status but entered-in-error, any date), newest first. */
export function specialtyRequests(rule: Rule, requests: readonly RequestResource[]): RequestRef[] {
  const out = requests.filter(
    (r) =>
      r &&
      r.status !== 'entered-in-error' &&
      rule.exclusions.some((x) => x.resourceTypes.includes(r.resourceType) && requestCodes(r).some((cc) => conceptHasCode(cc, x.codes))),
  );
  return out.map(requestRef).sort((a, b) => (parseDate(b.date) ?? 0) - (parseDate(a.date) ?? 0));
}

function excludedBy(rule: Rule, requests: readonly RequestResource[], now: Date): RequestRef | undefined {
  for (const x of rule.exclusions) {
    const since = monthsBefore(now, x.withinMonths);
    const statuses = x.statuses ?? DEFAULT_REQUEST_STATUSES;
    const hit = requests
      .filter((r) => r && x.resourceTypes.includes(r.resourceType) && statuses.includes(r.status))
      .filter((r) => requestCodes(r).some((cc) => conceptHasCode(cc, x.codes)))
      .map(requestRef)
      .filter((r) => {
        const t = parseDate(r.date);
        return t !== undefined && t >= since;
      })
      .sort((a, b) => (parseDate(b.date) ?? 0) - (parseDate(a.date) ?? 0))[0];
    if (hit) return hit;
  }
  return undefined;
}

/** Evaluates one rule for one patient. */
export function evaluateRule(rule: Rule, record: PatientRecord, now: Date): RuleOutcome {
  const w = new Warnings();
  const c = rule.criteria;
  const r =
    c.kind === 'observation-threshold'
      ? threshold(c, record, now, w)
      : c.kind === 'observation-trend'
        ? trend(c, record, now, w)
        : encounters(c, record, now, w);
  const existing = specialtyRequests(rule, record.requests);
  const base = {
    rule,
    evidence: r.evidence,
    existing,
    warnings: w.list(),
  };
  const rate = (r as { ratePerYear?: number }).ratePerYear;
  if (rate !== undefined) (base as { ratePerYear?: number }).ratePerYear = rate;
  if (!r.matched) return { ...base, status: 'no-match' };
  const exclusion = excludedBy(rule, record.requests, now);
  return exclusion ? { ...base, status: 'excluded', exclusion } : { ...base, status: 'match' };
}

/** Evaluates every rule for one patient. */
export function evaluateRules(rules: readonly Rule[], record: PatientRecord, now: Date): RuleOutcome[] {
  return rules.map((rule) => evaluateRule(rule, record, now));
}

/** Whether the patient's trigger data alone meets the rule (exclusions not checked): a candidate. */
export function meetsCriteria(rule: Rule, record: Pick<PatientRecord, 'observations' | 'encounters'>, now: Date): boolean {
  return evaluateRule({ ...rule, exclusions: [] }, { ...record, requests: [] }, now).status === 'match';
}

export const SEVERITY_RANK: Record<Rule['severity'], number> = { critical: 3, warning: 2, info: 1 };

/** What to fetch for a set of rules: codes and how far back. */
export interface QueryPlan {
  /** `system|code` tokens of every observation code, for `Observation?code=`. */
  observationCodes: string[];
  /** `ge` date for Observation searches (the longest window), or undefined when no rule reads results. */
  observationSince?: string;
  encounterSince?: string;
  requestTypes: Array<'ServiceRequest' | 'CommunicationRequest'>;
}

export function queryPlan(rules: readonly Rule[], now: Date): QueryPlan {
  const codes = new Set<string>();
  let obsMonths = 0;
  let encMonths = 0;
  const types = new Set<'ServiceRequest' | 'CommunicationRequest'>();
  for (const r of rules) {
    const c = r.criteria;
    if (c.kind === 'encounter-count') encMonths = Math.max(encMonths, c.windowMonths);
    else {
      obsMonths = Math.max(obsMonths, c.windowMonths);
      for (const code of c.codes) codes.add(`${code.system}|${code.code}`);
    }
    for (const x of r.exclusions) for (const t of x.resourceTypes) types.add(t);
  }
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    observationCodes: [...codes],
    ...(obsMonths ? { observationSince: day(monthsBefore(now, obsMonths)) } : {}),
    ...(encMonths ? { encounterSince: day(monthsBefore(now, encMonths)) } : {}),
    requestTypes: [...types],
  };
}
