/**
 * Acute kidney injury (AKI) windows: eGFR results taken around an AKI say nothing about chronic
 * decline, so kidney trends, falls and risks leave them out. An AKI is a coded diagnosis, or a serum
 * creatinine rise to 1.5 times the baseline (KDIGO stage 1; the baseline as in NHS England's AKI
 * algorithm: the lowest result in the previous 7 days, else the median of the results 8 to 365 days
 * before). A record without creatinine results is read through its eGFR: with creatinine above the
 * equation's knot, CKD-EPI (2009) eGFR varies as creatinine^-1.209, so a 1.5-fold creatinine rise
 * is an eGFR fall to 1.5^-1.209 = 0.61 of the baseline (MDRD's exponent, -1.154, gives 0.63).
 */
import type { Condition } from 'fhir/r4.js';
import { codesOf, conceptHasCode, list } from './codes.js';
import { DAY_MS, parseDate } from './dates.js';
import type { PatientRecord } from './outcome.js';
import { Warnings, readings, type Reading } from './readings.js';
import type { AkiExclusion } from './types.js';

/** The creatinine exponent of the CKD-EPI (2009) equation above the knot (see the file comment). */
export const EGFR_CREATININE_EXPONENT = 1.209;

/** When AKIs happened, and how far either side of each results are left out. */
export interface AkiWindows {
  at: number[];
  before: number;
  after: number;
}

const NOT_A_DIAGNOSIS = new Set(['refuted', 'entered-in-error']);

function codedAkis(aki: AkiExclusion, conditions: readonly Condition[]): number[] {
  if (!aki.conditions) return [];
  const codes = codesOf(aki.conditions);
  const out: number[] = [];
  for (const c of conditions) {
    if (!c || !conceptHasCode(c.code, codes)) continue;
    if (list<{ code?: string }>(c.verificationStatus?.coding).some((x) => NOT_A_DIAGNOSIS.has(x?.code ?? ''))) continue;
    const t = parseDate(c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate);
    if (t !== undefined) out.push(t);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Dates of results that are `ratio` times worse than their baseline (creatinine rises; eGFR falls). */
function rises(rs: readonly Reading[], ratio: number, creatinine: boolean): number[] {
  const out: number[] = [];
  for (const r of rs) {
    const recent = rs.filter((p) => p.t < r.t && r.t - p.t <= 7 * DAY_MS).map((p) => p.value);
    const older = rs.filter((p) => r.t - p.t > 7 * DAY_MS && r.t - p.t <= 365 * DAY_MS).map((p) => p.value);
    const base = recent.length ? (creatinine ? Math.min(...recent) : Math.max(...recent)) : older.length ? median(older) : undefined;
    if (base === undefined || base <= 0) continue;
    if (creatinine ? r.value >= ratio * base : r.value <= base * ratio ** -EGFR_CREATININE_EXPONENT) out.push(r.t);
  }
  return out;
}

/** The AKIs in the record (coded, or from creatinine; from `egfr` when the record has no creatinine results). */
export function akiWindows(
  aki: AkiExclusion | undefined,
  record: PatientRecord,
  now: Date,
  windowMonths: number,
  egfr: readonly Reading[],
): AkiWindows {
  const out: AkiWindows = { at: [], before: (aki?.daysBefore ?? 7) * DAY_MS, after: (aki?.daysAfter ?? 90) * DAY_MS };
  if (!aki) return out;
  const ratio = aki.ratio ?? 1.5;
  out.at.push(...codedAkis(aki, record.conditions ?? []));
  const creatinine = aki.creatinine
    ? readings(codesOf(aki.creatinine), 'umol/L', windowMonths + 12, record.observations, now, new Warnings()).readings
    : [];
  const ascending = (rs: readonly Reading[]) => [...rs].sort((a, b) => a.t - b.t);
  out.at.push(...(creatinine.length ? rises(ascending(creatinine), ratio, true) : rises(ascending(egfr), ratio, false)));
  return out;
}

/** `rs` without the results inside an AKI window (counted as `aki-window`). */
export function outsideAki(rs: readonly Reading[], w: AkiWindows, warnings: Warnings): Reading[] {
  if (!w.at.length) return [...rs];
  const kept = rs.filter((r) => !w.at.some((a) => r.t >= a - w.before && r.t <= a + w.after));
  warnings.add('aki-window', rs.length - kept.length);
  return kept;
}
