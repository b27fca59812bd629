// Worklist model for <jc-specialist-finder>: guarded patient data -> rows, filter + sort, CSV. Pure: strings come from `t`.
import type { Patient } from 'fhir/r4.js';
import { ageInYears, formatAge, formatDate, formatName, formatNhsNumber, nhsNumberOf } from '@joinedcare/core';
import { SEVERITY_RANK, evaluateRules, parseDate, type PatientRecord, type RuleOutcome } from './rules/engine.js';
import type { Rule } from './rules/schema.js';
import {
  describeEvidence,
  describeExisting,
  describeNoRequest,
  describeNotChecked,
  describePopulation,
  type Translate,
} from './present.js';
import { toCsv } from './csv.js';

/** One worklist row: a patient and a rule they match. @internal */
export interface FinderRow {
  key: string;
  patientId: string;
  nhsNumber: string;
  name: string;
  age?: number;
  ageText: string;
  outcome: RuleOutcome;
  evidence: string;
  existing: string;
  /** Epoch ms of the newest referral or advice request to the specialty, if any. */
  lastContact?: number;
  lastContactText: string;
}

/** A patient and a rule that could not be checked, with why. @internal */
export interface NotCheckedRow {
  key: string;
  patientId: string;
  ruleId: string;
  reasons: string;
}

export type SortColumn = 'severity' | 'rule' | 'lastContact' | 'name';

/** The filters and order the user chose. @internal */
export interface WorklistOrder {
  filterRule: string;
  filterSeverity: string;
  sortColumn: SortColumn;
  sortDescending: boolean;
}

const DAY_MS = 86_400_000;

/** A count as shown ("1,200"). @internal */
export const n = (x: number) => x.toLocaleString('en-GB');

/** One patient's record after the patient guard: the rows for the rules it matches, and the rules it could not be checked against. @internal */
export function matchRows(
  patientId: string,
  patient: Patient | undefined,
  record: PatientRecord,
  rules: readonly Rule[],
  now: Date,
  t: Translate,
  lang: string | undefined,
): { rows: FinderRow[]; notChecked: NotCheckedRow[] } {
  const added: FinderRow[] = [];
  const notChecked: NotCheckedRow[] = [];
  for (const o of evaluateRules(rules, record, now)) {
    if (o.status === 'not-checked')
      notChecked.push({ key: `${patientId}|${o.rule.id}`, patientId, ruleId: o.rule.id, reasons: describeNotChecked(o, t) });
    if (o.status !== 'match') continue;
    const last = parseDate(o.existing[0]?.date);
    const age = ageInYears(patient?.birthDate, now);
    added.push({
      key: `${patientId}|${o.rule.id}`,
      patientId,
      nhsNumber: formatNhsNumber(nhsNumberOf(patient) ?? '', { lang }),
      name: formatName(patient?.name, { lang }),
      ...(age !== undefined ? { age } : {}),
      ageText: formatAge(patient?.birthDate, { now, ...(lang ? { lang } : {}) }),
      outcome: o,
      evidence: [describeEvidence(o, t, lang), describePopulation(o, t, lang), describeNoRequest(o, t)].filter(Boolean).join('; '),
      existing: describeExisting(o, t, lang),
      ...(last !== undefined ? { lastContact: last } : {}),
      lastContactText: last !== undefined ? formatDate(new Date(last), lang ? { lang } : undefined) : t('sfNeverContact'),
    });
  }
  return { rows: added, notChecked };
}

/** The rows after filters, in the chosen order (ties by name, then key). @internal */
export function orderRows(rows: readonly FinderRow[], order: WorklistOrder, nowMs: number): FinderRow[] {
  const dir = order.sortDescending ? -1 : 1;
  const since = (r: FinderRow) => (r.lastContact === undefined ? Number.POSITIVE_INFINITY : Math.floor((nowMs - r.lastContact) / DAY_MS));
  const cmp = (a: FinderRow, b: FinderRow): number => {
    switch (order.sortColumn) {
      case 'severity':
        return SEVERITY_RANK[a.outcome.rule.severity] - SEVERITY_RANK[b.outcome.rule.severity];
      case 'rule':
        return a.outcome.rule.title.localeCompare(b.outcome.rule.title);
      case 'name':
        return a.name.localeCompare(b.name);
      case 'lastContact': {
        const x = since(a);
        const y = since(b);
        return x === y ? 0 : x < y ? -1 : 1;
      }
    }
  };
  return rows
    .filter(
      (r) =>
        (!order.filterRule || r.outcome.rule.id === order.filterRule) &&
        (!order.filterSeverity || r.outcome.rule.severity === order.filterSeverity),
    )
    .sort((a, b) => dir * cmp(a, b) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** The rows as CSV with a header row, formulas neutralised. @internal */
export function worklistCsv(rows: readonly FinderRow[], t: Translate): string {
  const header = [
    t('sfColNhs'),
    t('sfColName'),
    t('sfColAge'),
    t('sfCsvRuleId'),
    t('sfColRule'),
    t('sfCsvSeverity'),
    t('sfColEvidence'),
    t('sfColExisting'),
    t('sfColLastContact'),
  ];
  const body = rows.map((r) => [
    r.nhsNumber,
    r.name,
    r.ageText,
    r.outcome.rule.id,
    r.outcome.rule.title,
    t(`sfSeverity_${r.outcome.rule.severity}`),
    r.evidence,
    r.existing,
    r.lastContactText,
  ]);
  return toCsv([header, ...body]);
}
