// Turns rule outcomes into the words both elements (and the CSV) show. Pure: strings come from `t`.
import { formatDate, type MessageKey } from '@joinedcare/core';
import type { DataWarningKind, EvidenceItem, RequestRef, RuleOutcome } from './rules/engine.js';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A number as shown: at most one decimal, no trailing zeros, a real minus sign. */
export function formatValue(n: number): string {
  const r = Math.round(n * 10) / 10;
  return (Object.is(r, -0) ? 0 : r).toString().replace('-', '−');
}

const WARNING_KEYS: Record<DataWarningKind, MessageKey> = {
  'missing-unit': 'sfWarning_missingUnit',
  'unknown-unit': 'sfWarning_unknownUnit',
  'no-date': 'sfWarning_noDate',
  'future-date': 'sfWarning_futureDate',
  'qualified-value': 'sfWarning_qualifiedValue',
  'no-value': 'sfWarning_noValue',
};

function value(t: Translate, e: EvidenceItem, lang?: string): string {
  const date = formatDate(e.date, lang ? { lang } : undefined);
  const v = formatValue(e.value ?? NaN);
  if (e.recorded) {
    return t('sfEvidenceConverted', {
      value: v,
      unit: e.unit ?? '',
      date,
      recorded: `${formatValue(e.recorded.value)} ${e.recorded.unit}`,
    });
  }
  return t('sfEvidenceValue', { value: v, unit: e.unit ?? '', date });
}

/** "HbA1c 82 mmol/mol on 12-Oct-2026, 79 mmol/mol on 02-May-2026 in the last 12 months". */
export function describeEvidence(o: RuleOutcome, t: Translate, lang?: string): string {
  const c = o.rule.criteria;
  if (c.kind === 'observation-threshold') {
    const values = o.evidence.map((e) => value(t, e, lang)).join(', ');
    return t('sfEvidenceValues', { label: c.label, values, months: c.windowMonths });
  }
  if (c.kind === 'observation-trend') {
    const [last, first] = o.evidence;
    if (!first || !last) return c.label;
    return t('sfEvidenceTrend', {
      label: c.label,
      first: value(t, first, lang),
      last: value(t, last, lang),
      rate: formatValue(o.ratePerYear ?? NaN),
      unit: c.unit,
    });
  }
  const dates = o.evidence.map((e) => formatDate(e.date, lang ? { lang } : undefined)).join(', ');
  return t('sfEvidenceEncounters', { count: o.evidence.length, label: c.label, months: c.windowMonths, dates });
}

/** "no diabetes referral or advice request in the last 12 months" (the exclusion that was checked). */
export function describeNoRequest(o: RuleOutcome, t: Translate): string {
  const months = Math.max(0, ...o.rule.exclusions.map((x) => x.withinMonths));
  return months ? t('sfNoRecentRequest', { specialty: o.rule.specialty, months }) : '';
}

/** Data left out, in words ("1 result(s) without a unit were not used"). */
export function describeWarnings(o: RuleOutcome, t: Translate): string[] {
  return o.warnings.map((w) => t(WARNING_KEYS[w.kind], { count: w.count }));
}

/** The CDS Hooks card detail: evidence; the exclusion checked; data not used. */
export function describeDetail(o: RuleOutcome, t: Translate, lang?: string): string {
  return [describeEvidence(o, t, lang), describeNoRequest(o, t), ...describeWarnings(o, t)].filter(Boolean).join('; ');
}

/** "Referral (completed) 12-Mar-2025". */
export function describeRequest(r: RequestRef, t: Translate, lang?: string): string {
  return t('sfRequestItem', {
    kind: t(r.resourceType === 'ServiceRequest' ? 'sfRequestReferral' : 'sfRequestAdvice'),
    status: r.status,
    date: r.date ? formatDate(r.date, lang ? { lang } : undefined) : t('sfNotKnownDate'),
  });
}

export function describeExisting(o: RuleOutcome, t: Translate, lang?: string): string {
  return o.existing.length ? o.existing.map((r) => describeRequest(r, t, lang)).join('; ') : t('sfNone');
}
