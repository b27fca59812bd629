// Results of a rule's codes as numbers in the rule's unit, newest first; what could not be used is counted and kept by date.
import type { Observation, Quantity } from 'fhir/r4.js';
import { codingIn, list } from './codes.js';
import { DAY_MS, iso, monthsBefore, parseDate } from './dates.js';
import type { DataWarning, DataWarningKind, EvidenceItem } from './outcome.js';
import type { RuleCode } from './types.js';
import { convertUnit, normaliseUnit } from './units.js';

/** The warnings of one evaluation, counted by kind. */
export class Warnings {
  private readonly counts = new Map<DataWarningKind, number>();
  add(kind: DataWarningKind, n = 1): void {
    if (n > 0) this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }
  list(): DataWarning[] {
    return [...this.counts].map(([kind, count]) => ({ kind, count }));
  }
}

export interface Reading extends EvidenceItem {
  t: number;
  value: number;
}

/** Usable results, newest first, and the dates of results in the window that could not be used (data problems). */
export interface ReadingSet {
  readings: Reading[];
  /** Dated results in the window with no usable value (no unit, unknown unit, no value, a range). */
  unusable: number[];
  /** Results with no date (position unknown). */
  undated: number;
}

const USABLE_OBSERVATION = new Set(['final', 'amended', 'corrected']);

function quantityUnit(q: Quantity): string | undefined {
  const code = q.system === 'http://unitsofmeasure.org' && typeof q.code === 'string' && q.code !== '' ? q.code : undefined;
  return code ?? (typeof q.unit === 'string' && q.unit.trim() !== '' ? q.unit : undefined);
}

const byNewest = (a: Reading, b: Reading) => b.t - a.t || a.id.localeCompare(b.id);

/**
 * The results of `codes` in the last `windowMonths`, in `unit`, newest first (out-of-order input is
 * normal: servers sort as they like). Results that are not final, amended or corrected are ignored;
 * results with no date, a future date, no value, a range (`>90`), no unit or an unknown unit are
 * counted in `warnings` (units are never guessed).
 */
export function readings(
  codes: readonly RuleCode[],
  unit: string,
  windowMonths: number,
  observations: readonly Observation[],
  now: Date,
  warnings: Warnings,
): ReadingSet {
  const since = monthsBefore(now, windowMonths);
  const latest = now.getTime() + DAY_MS; // a result dated "today" in another time zone is fine
  const target = normaliseUnit(unit);
  const out: ReadingSet = { readings: [], unusable: [], undated: 0 };
  for (const o of observations) {
    if (!o || !USABLE_OBSERVATION.has(o.status)) continue;
    let code: RuleCode | undefined;
    for (const c of list<{ system?: string; code?: string }>(o.code?.coding)) if ((code = codingIn(c, codes))) break;
    if (!code) continue;
    const t = parseDate(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued);
    if (t === undefined) {
      warnings.add('no-date');
      out.undated++;
      continue;
    }
    if (t > latest) {
      warnings.add('future-date');
      continue;
    }
    if (t < since) continue;
    const q = o.valueQuantity;
    const bad = (kind: DataWarningKind) => {
      warnings.add(kind);
      out.unusable.push(t);
    };
    if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value)) {
      bad('no-value');
      continue;
    }
    if (q.comparator) {
      bad('qualified-value');
      continue;
    }
    const recordedUnit = quantityUnit(q);
    if (!recordedUnit) {
      bad('missing-unit');
      continue;
    }
    const value = convertUnit(q.value, recordedUnit, unit);
    if (value === undefined) {
      bad('unknown-unit');
      continue;
    }
    out.readings.push({
      resourceType: 'Observation',
      id: o.id ?? '',
      date: iso(t),
      t,
      value,
      unit,
      ...(normaliseUnit(recordedUnit) !== target ? { recorded: { value: q.value, unit: recordedUnit } } : {}),
      ...(code.series ? { series: code.series } : {}),
    });
  }
  out.readings.sort(byNewest);
  return out;
}

/** A reading as evidence (without its sort key). */
export const evidenceOf = ({ t: _t, ...item }: Reading): EvidenceItem => item;
