/**
 * Each kind of criterion as a three-valued verdict: `met`, `not-met`, or `unknown` when the record
 * holds data the criterion needs but cannot use (a result without a unit among the latest, too few
 * results of one eGFR equation while others exist). `unknown` becomes "could not be checked", never
 * "no match".
 */
import type { Condition } from 'fhir/r4.js';
import { codesOf, conceptHasCode, list } from './codes.js';

export { codesOf };
import { DAY_MS, YEAR_DAYS, iso, monthsBefore, parseDate } from './dates.js';
import { akiWindows, outsideAki } from './aki.js';
import type { EvidenceItem, Finding, NotCheckedReason, PatientRecord } from './outcome.js';
import { Warnings, evidenceOf, readings, type Reading, type ReadingSet } from './readings.js';
import type {
  Comparator,
  ConditionCriteria,
  EgfrFallCriteria,
  EncounterCountCriteria,
  ObservationThresholdCriteria,
  ObservationTrendCriteria,
  RuleCode,
} from './types.js';

export interface Verdict {
  state: 'met' | 'not-met' | 'unknown';
  evidence: EvidenceItem[];
  finding?: Finding;
  ratePerYear?: number;
  unknown?: NotCheckedReason[];
}

export const NOT_MET: Verdict = { state: 'not-met', evidence: [] };
export const unknown = (...reasons: NotCheckedReason[]): Verdict => ({ state: 'unknown', evidence: [], unknown: reasons });

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

/** The results of one series only: the series of the newest result (others are counted as `other-series`). */
export function oneSeries(rs: readonly Reading[], w: Warnings): { rs: Reading[]; series?: string; others: number } {
  if (!rs.some((r) => r.series)) return { rs: [...rs], others: 0 };
  const series = rs[0]?.series;
  const kept = rs.filter((r) => r.series === series);
  w.add('other-series', rs.length - kept.length);
  return { rs: kept, ...(series ? { series } : {}), others: rs.length - kept.length };
}

/** Whether results the engine could not use might have changed a "not enough results" verdict. */
function shortOf(set: ReadingSet, have: number, need: number, label: string, series: { name?: string; others: number }): Verdict {
  if (series.others > 0 && series.name && have + series.others >= need)
    return unknown({ kind: 'mixed-series', label, series: series.name });
  if (set.unusable.length + set.undated > 0 && have + set.unusable.length + set.undated >= need)
    return unknown({ kind: 'unusable-results', label });
  return NOT_MET;
}

export function threshold(c: ObservationThresholdCriteria, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const set = readings(codesOf(c), c.unit, c.windowMonths, record.observations, now, w);
  const count = c.count ?? 1;
  const meets = (r: Reading) => compare(r.value, c.comparator, c.value);
  const cannot = unknown({ kind: 'unusable-results', label: c.label });
  if ((c.scope ?? 'latest') === 'any') {
    const meeting = set.readings.filter(meets);
    if (meeting.length >= count) return { state: 'met', evidence: meeting.map(evidenceOf) };
    return meeting.length + set.unusable.length + set.undated >= count ? cannot : NOT_MET;
  }
  // the `count` newest results, unusable ones included (at a tie, the unusable one counts as newer)
  const merged = [...set.readings.map((r) => ({ t: r.t, r })), ...set.unusable.map((t) => ({ t, r: undefined }))];
  const top = merged.sort((a, b) => b.t - a.t || (a.r ? 1 : 0) - (b.r ? 1 : 0)).slice(0, count);
  if (top.some((x) => x.r && !meets(x.r))) return NOT_MET;
  if (top.length < count) return set.undated ? cannot : NOT_MET;
  if (top.some((x) => !x.r)) return cannot;
  return { state: 'met', evidence: top.map((x) => evidenceOf(x.r!)) };
}

/** Least-squares slope of value against time, per year. */
export function slopePerYear(rs: readonly Reading[]): number {
  const xs = rs.map((r) => r.t / DAY_MS / YEAR_DAYS);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = rs.reduce((a, r) => a + r.value, 0) / rs.length;
  let num = 0;
  let den = 0;
  rs.forEach((r, i) => {
    num += (xs[i] - mx) * (r.value - my);
    den += (xs[i] - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

/** Results of a kidney criterion after the AKI windows and in one series, newest first. */
function kidneyReadings(c: ObservationTrendCriteria | EgfrFallCriteria, record: PatientRecord, now: Date, w: Warnings) {
  const set = readings(codesOf(c), c.unit, c.windowMonths, record.observations, now, w);
  const clean = outsideAki(set.readings, akiWindows(c.aki, record, now, c.windowMonths, set.readings), w);
  return { set, ...oneSeries(clean, w) };
}

export function trend(c: ObservationTrendCriteria, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const { set, rs, series, others } = kidneyReadings(c, record, now, w);
  const need = Math.max(3, c.minResults ?? 3);
  const spanDays = rs.length ? (rs[0].t - rs[rs.length - 1].t) / DAY_MS : 0;
  if (rs.length < need || spanDays < Math.max(90, c.minSpanDays ?? 90)) {
    return shortOf(set, rs.length, need, c.label, { ...(series ? { name: series } : {}), others });
  }
  const rate = slopePerYear(rs);
  const met = c.direction === 'fall' ? -rate >= c.ratePerYear : rate >= c.ratePerYear;
  // a newer result that could not be used might be the one that changes the trend
  if (!met && set.unusable.some((t) => t > rs[0].t)) return unknown({ kind: 'unusable-results', label: c.label });
  const finding: Finding = {
    kind: 'trend',
    count: rs.length,
    spanDays: Math.round(spanDays),
    ratePerYear: rate,
    first: evidenceOf(rs[rs.length - 1]),
    last: evidenceOf(rs[0]),
    ...(series ? { series } : {}),
  };
  return { state: met ? 'met' : 'not-met', evidence: met ? rs.map(evidenceOf) : [], finding, ratePerYear: rate };
}

/** KDIGO GFR category of an eGFR. */
export function egfrCategory(v: number): string {
  return v >= 90 ? 'G1' : v >= 60 ? 'G2' : v >= 45 ? 'G3a' : v >= 30 ? 'G3b' : v >= 15 ? 'G4' : 'G5';
}

export function fall(c: EgfrFallCriteria, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const { set, rs, series, others } = kidneyReadings(c, record, now, w);
  const short = () => shortOf(set, rs.length, 3, c.label, { ...(series ? { name: series } : {}), others });
  const latest = rs[0];
  const ci = latest ? rs.findIndex((r) => latest.t - r.t >= (c.confirmDays ?? 90) * DAY_MS) : -1;
  if (!latest || ci < 1) return short();
  const from = monthsBefore(latest.t, c.withinMonths);
  const baseline = rs
    .slice(ci + 1)
    .filter((r) => r.t >= from)
    .pop();
  if (!baseline || baseline.value <= 0) return short();
  const pct = (v: number) => ((baseline.value - v) / baseline.value) * 100;
  const sustained = rs.slice(0, ci + 1).every((r) => pct(r.value) >= c.percent);
  const [a, b] = [egfrCategory(baseline.value), egfrCategory(latest.value)];
  const met = sustained && a !== b;
  if (!met && set.unusable.some((t) => t > latest.t)) return unknown({ kind: 'unusable-results', label: c.label });
  if (!met) return NOT_MET;
  const finding: Finding = {
    kind: 'fall',
    baseline: evidenceOf(baseline),
    confirm: evidenceOf(rs[ci]),
    latest: evidenceOf(latest),
    percent: pct(latest.value),
    from: a,
    to: b,
  };
  return { state: 'met', evidence: [latest, rs[ci], baseline].map(evidenceOf), finding };
}

const NOT_CURRENT = new Set(['inactive', 'resolved', 'remission']);
const NOT_A_DIAGNOSIS = new Set(['refuted', 'entered-in-error']);

/** Current diagnoses with these codes (any date), newest first; undated ones last. */
export function currentConditions(codes: readonly RuleCode[], conditions: readonly Condition[]): Array<EvidenceItem & { t?: number }> {
  const out: Array<EvidenceItem & { t?: number }> = [];
  for (const c of conditions) {
    if (!c || !conceptHasCode(c.code, codes)) continue;
    const codesOfField = (cc: { coding?: Array<{ code?: string }> } | undefined) =>
      list<{ code?: string }>(cc?.coding).map((x) => x?.code ?? '');
    if (codesOfField(c.verificationStatus).some((x) => NOT_A_DIAGNOSIS.has(x))) continue;
    if (codesOfField(c.clinicalStatus).some((x) => NOT_CURRENT.has(x))) continue;
    const t = parseDate(c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate);
    out.push({ resourceType: 'Condition', id: c.id ?? '', date: t === undefined ? '' : iso(t), ...(t === undefined ? {} : { t }) });
  }
  return out.sort((x, y) => (y.t ?? -Infinity) - (x.t ?? -Infinity));
}

const strip = ({ t: _t, ...e }: EvidenceItem & { t?: number }): EvidenceItem => e;

export function condition(c: ConditionCriteria, record: PatientRecord, now: Date): Verdict {
  const found = currentConditions(codesOf(c), record.conditions ?? []);
  if (!c.windowMonths) return found.length ? { state: 'met', evidence: [strip(found[0])] } : NOT_MET;
  const since = monthsBefore(now, c.windowMonths);
  const inWindow = found.filter((f) => f.t !== undefined && f.t >= since);
  if (inWindow.length) return { state: 'met', evidence: [strip(inWindow[0])] };
  return found.some((f) => f.t === undefined) ? unknown({ kind: 'unusable-results', label: c.label }) : NOT_MET;
}

const IGNORED_ENCOUNTER = new Set(['planned', 'cancelled', 'entered-in-error']);

export function encounters(c: EncounterCountCriteria, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const since = monthsBefore(now, c.windowMonths);
  const codes = codesOf(c);
  const found: Array<EvidenceItem & { t: number }> = [];
  for (const e of record.encounters) {
    if (!e || IGNORED_ENCOUNTER.has(e.status)) continue;
    if (!c.classes.includes(e.class?.code ?? '')) continue;
    if (!list(e.reasonCode).some((cc) => conceptHasCode(cc, codes)) && !list(e.type).some((cc) => conceptHasCode(cc, codes))) continue;
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
    found.push({ resourceType: 'Encounter', id: e.id ?? '', date: iso(t), t });
  }
  found.sort((a, b) => b.t - a.t || a.id.localeCompare(b.id));
  return found.length >= c.count ? { state: 'met', evidence: found.map(strip) } : NOT_MET;
}
