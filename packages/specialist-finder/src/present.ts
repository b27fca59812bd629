// Turns rule outcomes into the words both elements, the CSV and the CDS Hooks cards show. Pure: strings come from `t`.
import { formatDate, type MessageKey } from '@joinedcare/core';
import type { ContactRef, DataWarningKind, EvidenceItem, NotCheckedReason, RuleOutcome } from './rules/engine.js';

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
  'other-series': 'sfWarning_otherSeries',
  'aki-window': 'sfWarning_akiWindow',
};

const day = (date: string, t: Translate, lang?: string) => (date ? formatDate(date, lang ? { lang } : undefined) : t('sfNotKnownDate'));

/** "82 mmol/mol on 12-Oct-2026 (recorded as 9.7 %)". */
function value(t: Translate, e: EvidenceItem, lang?: string): string {
  const date = day(e.date, t, lang);
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

/** "HbA1c 82 mmol/mol on 12-Oct-2026, 79 mmol/mol on 02-May-2026 in the last 12 months", "5-year risk 7.2% (KFRE, 4-variable) …". */
export function describeEvidence(o: RuleOutcome, t: Translate, lang?: string): string {
  const c = o.rule.criteria;
  const f = o.finding;
  if (c.kind === 'observation-threshold') {
    return t('sfEvidenceValues', { label: c.label, values: o.evidence.map((e) => value(t, e, lang)).join(', '), months: c.windowMonths });
  }
  if (f?.kind === 'trend') {
    return t(f.series ? 'sfEvidenceTrendSeries' : 'sfEvidenceTrend', {
      label: o.rule.criteria.label,
      series: f.series ?? '',
      count: f.count,
      days: f.spanDays,
      first: value(t, f.first, lang),
      last: value(t, f.last, lang),
      rate: formatValue(f.ratePerYear),
      unit: f.last.unit ?? '',
    });
  }
  if (f?.kind === 'fall') {
    return t('sfEvidenceFall', {
      label: o.rule.criteria.label,
      baseline: value(t, f.baseline, lang),
      from: f.from,
      confirm: value(t, f.confirm, lang),
      latest: value(t, f.latest, lang),
      to: f.to,
      percent: formatValue(f.percent),
      months: c.kind === 'egfr-fall' ? c.withinMonths : 12,
    });
  }
  if (f?.kind === 'kfre') {
    return t('sfEvidenceKfre', {
      horizon: f.horizonYears,
      risk: formatValue(f.riskPercent),
      calibration: t(f.calibration === 'north-american' ? 'sfCalibration_northAmerican' : 'sfCalibration_nonNorthAmerican'),
      age: f.age,
      sex: t(f.sex === 'male' ? 'sfSex_male' : 'sfSex_female'),
      egfr: value(t, f.egfr, lang),
      acr: value(t, f.acr, lang),
    });
  }
  if (c.kind === 'condition') {
    const e = o.evidence[0];
    return t('sfEvidenceCondition', { label: c.label, date: e ? day(e.date, t, lang) : t('sfNotKnownDate') });
  }
  if (c.kind === 'encounter-count') {
    const dates = o.evidence.map((e) => day(e.date, t, lang)).join(', ');
    return t('sfEvidenceEncounters', { count: o.evidence.length, label: c.label, months: c.windowMonths, dates });
  }
  return c.label;
}

/** "Aged 58; Type 2 diabetes recorded 03-Jan-2018" (what the population check read), or ''. */
export function describePopulation(o: RuleOutcome, t: Translate, lang?: string): string {
  const parts: string[] = [];
  if (o.age !== undefined) parts.push(t('sfAged', { age: o.age }));
  const h = o.rule.population?.hasCondition;
  if (h && o.condition) parts.push(t('sfEvidenceCondition', { label: h.label, date: day(o.condition.date, t, lang) }));
  return parts.join('; ');
}

/** "no kidney specialist contact (referral, advice, attendance or episode of care) in the last 12 months". */
export function describeNoRequest(o: RuleOutcome, t: Translate): string {
  const months = Math.max(0, ...o.rule.exclusions.map((x) => x.withinMonths));
  return months ? t('sfNoRecentContact', { specialty: o.rule.specialty, months }) : '';
}

/** Data left out, in words ("1 result without a unit was not used"). */
export function describeWarnings(o: RuleOutcome, t: Translate): string[] {
  return o.warnings.map((w) => t(WARNING_KEYS[w.kind], { count: w.count }));
}

/** Why a rule could not be checked, in words. */
export function describeNotChecked(o: RuleOutcome, t: Translate): string {
  const say = (r: NotCheckedReason): string => {
    switch (r.kind) {
      case 'no-birth-date':
        return t('sfNotChecked_noBirthDate');
      case 'no-sex':
        return t('sfNotChecked_noSex');
      case 'missing-result':
        return t('sfNotChecked_missingResult', { label: r.label, months: r.months });
      case 'unusable-results':
        return t('sfNotChecked_unusable', { label: r.label });
      case 'mixed-series':
        return t('sfNotChecked_mixedSeries', { label: r.label, series: r.series });
    }
  };
  return [...new Set(o.notChecked.map(say))].join('; ');
}

/** The lines of a card: the basis when local, the evidence, who the rule is for, the exclusion checked, earlier contact, data not used. */
export function detailLines(o: RuleOutcome, t: Translate, lang?: string): string[] {
  const earlier = o.existing.length ? t('sfEarlierContact', { specialty: o.rule.specialty, items: describeExisting(o, t, lang) }) : '';
  return [
    o.rule.basis === 'local' ? t('sfLocalThreshold') : '',
    describeEvidence(o, t, lang),
    describePopulation(o, t, lang),
    describeNoRequest(o, t),
    earlier,
    ...describeWarnings(o, t),
  ].filter(Boolean);
}

/** The CDS Hooks card detail in one line of text: evidence; the exclusion checked; data not used. */
export function describeDetail(o: RuleOutcome, t: Translate, lang?: string): string {
  return detailLines(o, t, lang).join('; ');
}

const CONTACT_KEYS: Record<ContactRef['kind'], MessageKey> = {
  referral: 'sfRequestReferral',
  advice: 'sfRequestAdvice',
  attendance: 'sfRequestAttendance',
  episode: 'sfRequestEpisode',
};

type StatusWord =
  'draft' | 'open' | 'onHold' | 'cancelled' | 'completed' | 'inProgress' | 'onLeave' | 'attended' | 'waitlist' | 'current' | 'ended';

/** FHIR status codes in words, by kind of contact (R4 and STU3 requests, Encounter, EpisodeOfCare). */
const STATUS_WORDS: Record<'request' | 'attendance' | 'episode', Readonly<Record<string, StatusWord>>> = {
  request: {
    draft: 'draft',
    active: 'open',
    'on-hold': 'onHold',
    suspended: 'onHold',
    revoked: 'cancelled',
    cancelled: 'cancelled',
    completed: 'completed',
  },
  attendance: { arrived: 'inProgress', triaged: 'inProgress', 'in-progress': 'inProgress', onleave: 'onLeave', finished: 'attended' },
  episode: { waitlist: 'waitlist', active: 'current', onhold: 'onHold', finished: 'ended' },
};

/** A contact's status in words: "open", "attended", "on the waiting list"; "status not known" for any other code. */
export function contactStatus(r: Pick<ContactRef, 'kind' | 'status'>, t: Translate): string {
  const group = r.kind === 'attendance' || r.kind === 'episode' ? r.kind : 'request';
  const word = Object.hasOwn(STATUS_WORDS[group], r.status) ? STATUS_WORDS[group][r.status] : undefined;
  return t(word ? `sfContactStatus_${word}` : 'sfContactStatus_notKnown');
}

/** "Referral (completed) 12-Mar-2025", "Advice request (open) 02-Nov-2026". */
export function describeRequest(r: ContactRef, t: Translate, lang?: string): string {
  return t('sfRequestItem', {
    kind: t(CONTACT_KEYS[r.kind]),
    status: contactStatus(r, t),
    date: r.date ? day(r.date, t, lang) : t('sfNotKnownDate'),
  });
}

export function describeExisting(o: RuleOutcome, t: Translate, lang?: string): string {
  return o.existing.length ? o.existing.map((r) => describeRequest(r, t, lang)).join('; ') : t('sfNone');
}
