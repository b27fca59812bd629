import type { Observation, ObservationReferenceRange, Quantity } from 'fhir/r4.js';
import { asArray, formatNumber, formatQuantity, plainText } from '@joinedcare/core';
import { baseItem, codes, concept, date, epochOf, field, fieldsLater, newestFirst, str, titleOf } from './model-shared.js';
import type { BuildContext, Field, SummaryItem, Trend, TrendPoint, TrendSeries } from './model-shared.js';
import type { ResultContext } from './model-investigations.js';

/** At most this many points are drawn in a trend chart (the newest). */
export const TREND_MAX_POINTS = 20;

/** A test's key: its first code, else its words, and the unit of its value (values in other units are another row). */
function groupKey(o: Observation): string {
  const c = o.code?.coding?.find((x) => str(x?.code));
  const test = c ? `${str(c.system) ?? ''}|${str(c.code) ?? ''}` : `text|${(str(o.code?.text) ?? '').toLowerCase()}`;
  return `${test}|${unitOf(o) ?? ''}`;
}

/** The unit of a value (the quantity's, else the first component's), as written. */
export function unitOf(o: Observation): string | undefined {
  const q = o.valueQuantity ?? o.component?.find((c) => c?.valueQuantity)?.valueQuantity;
  return str(q?.unit) ?? str(q?.code);
}

function isNumber(q: Quantity | undefined): q is Quantity & { value: number } {
  return typeof q?.value === 'number' && Number.isFinite(q.value);
}

const COMPARATORS = new Set(['<', '<=', '>', '>=']);
const comparatorOf = (q: Quantity | undefined): TrendPoint['comparator'] =>
  q && COMPARATORS.has(q.comparator ?? '') ? q.comparator : undefined;

/** The components that make a value (blood pressure's systolic and diastolic), when every one is numeric. */
function numericComponents(o: Observation): Array<{ label: string; q: Quantity & { value: number } }> | undefined {
  const comps = (o.component ?? []).filter((c) => c?.valueQuantity);
  if (!comps.length || !comps.every((c) => isNumber(c.valueQuantity))) return undefined;
  return comps.map((c) => ({
    label: str(c.code?.coding?.[0]?.display) ?? str(c.code?.text) ?? '',
    q: c.valueQuantity as Quantity & { value: number },
  }));
}

/** The value as text: a quantity (`>90 mL/min` keeps its comparator), "156/95 mmHg" for components, a string, a concept; else Not known. */
export function observationValue(o: Observation, ctx: BuildContext): string {
  const opt = ctx.lang ? { lang: ctx.lang } : undefined;
  if (o.valueQuantity) return formatQuantity(o.valueQuantity, opt);
  const comps = numericComponents(o);
  if (comps) {
    const unit = str(comps[0].q.unit) ?? str(comps[0].q.code);
    return comps.map((c) => (comparatorOf(c.q) ?? '') + formatNumber(c.q.value, opt)).join('/') + (unit ? ` ${unit}` : '');
  }
  if (str(o.valueString)) return str(o.valueString) as string;
  if (o.valueCodeableConcept) return concept(o.valueCodeableConcept, ctx);
  if (typeof o.valueBoolean === 'boolean') return o.valueBoolean ? ctx.t('csYes') : ctx.t('csNo');
  if (typeof o.valueInteger === 'number') return formatNumber(o.valueInteger, opt);
  if (o.dataAbsentReason) return concept(o.dataAbsentReason, ctx);
  return ctx.t('notKnown');
}

/** The reference range as text: its own text, else "low to high", ">= low" or "<= high". */
export function referenceRange(range: ObservationReferenceRange | undefined, ctx: BuildContext): string | undefined {
  if (!range) return undefined;
  const text = str(range.text);
  if (text) return text;
  const opt = ctx.lang ? { lang: ctx.lang } : undefined;
  const low = isNumber(range.low) ? formatQuantity(range.low, opt) : undefined;
  const high = isNumber(range.high) ? formatQuantity(range.high, opt) : undefined;
  if (low && high) return ctx.t('csRangeBetween', { low, high });
  if (low) return ctx.t('csRangeAbove', { low });
  if (high) return ctx.t('csRangeBelow', { high });
  return undefined;
}

const INTERPRETATION: Record<string, 'csHigh' | 'csLow' | 'csAbnormal' | 'csCriticalHigh' | 'csCriticalLow' | 'csNormal'> = {
  H: 'csHigh',
  HH: 'csCriticalHigh',
  HU: 'csHigh',
  L: 'csLow',
  LL: 'csCriticalLow',
  LU: 'csLow',
  A: 'csAbnormal',
  AA: 'csAbnormal',
  N: 'csNormal',
};

const RESULT_STATUS: Record<string, 'csPreliminary' | 'csAmended' | 'csCorrected' | 'csRegistered' | 'csStatusUnknown'> = {
  registered: 'csRegistered',
  preliminary: 'csPreliminary',
  amended: 'csAmended',
  corrected: 'csCorrected',
  unknown: 'csStatusUnknown',
};

/** The interpretation as the record gives it: our word for a known flag, else its own words. */
function interpretationOf(o: Observation, ctx: BuildContext): string | undefined {
  const first = asArray<unknown>(o.interpretation)[0];
  if (!first) return undefined;
  const known = codes(first)
    .map((c) => INTERPRETATION[c])
    .find((k) => k !== undefined);
  if (known) return ctx.t(known);
  const words = concept(first, ctx);
  return words === ctx.t('notKnown') ? undefined : words;
}

/** The status tag: the interpretation and the result's status when it is not final, both as the record says. */
function resultStatus(o: Observation, ctx: BuildContext): string | undefined {
  const status = RESULT_STATUS[o.status ?? ''];
  const parts = [interpretationOf(o, ctx), status ? ctx.t(status) : undefined].filter((x): x is string => !!x);
  return parts.length ? parts.join(' · ') : undefined;
}

function observationDate(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant;
}

/** A result's value, reference range, comments and where it came from (formatted when its row or history is drawn). */
function resultFields(o: Observation, ctx: BuildContext, about: ResultContext | undefined): Field[] {
  const range = referenceRange(o.referenceRange?.[0], ctx);
  const comments = asArray<{ text?: unknown }>(o.note)
    .map((n) => plainText(n?.text))
    .filter(Boolean)
    .join(' ');
  const fields: Field[] = [{ label: ctx.t('csValue'), value: observationValue(o, ctx) }, field('csReferenceRange', range, ctx)];
  if (comments) fields.push(field('csComment', comments, ctx));
  if (about?.group) fields.push(field('csTestGroup', about.group, ctx));
  if (about?.report) fields.push(field('csReport', about.report, ctx));
  if (about?.specimen) fields.push(field('csSpecimen', about.specimen, ctx));
  return fields;
}

function resultItem(o: Observation, ctx: BuildContext, about: ResultContext | undefined): SummaryItem {
  const when = observationDate(o);
  // when the result has no date of its own: the specimen's collection, else the report's issue
  const dated = when
    ? { value: when, label: 'csTaken' as const }
    : about?.collected
      ? { value: about.collected, label: 'csCollected' as const }
      : { value: o.issued ?? about?.issued, label: 'csIssued' as const };
  const item = baseItem(o, ctx, { title: titleOf(o.code, 'result', ctx), dateValue: dated.value, dateLabel: dated.label });
  // a test repeated thousands of times is one row: its history's values are formatted when shown
  fieldsLater(item, () => resultFields(o, ctx, about), [ctx.t('csValue'), ctx.t('csReferenceRange')], ctx);
  const status = resultStatus(o, ctx);
  if (status) item.status = status;
  return item;
}

type Dir = 'csTrendUp' | 'csTrendDown' | 'csTrendSame' | 'csTrendUnknown';

/** The direction, only where the values say it: a censored value (`>90`) compared with one inside its bound has no known direction. */
function direction(latest: TrendPoint, previous: TrendPoint): Dir {
  const lo = (p: TrendPoint) => (p.comparator === '<' || p.comparator === '<=' ? -Infinity : p.v);
  const hi = (p: TrendPoint) => (p.comparator === '>' || p.comparator === '>=' ? Infinity : p.v);
  if (lo(latest) > hi(previous)) return 'csTrendUp';
  if (hi(latest) < lo(previous)) return 'csTrendDown';
  if (!latest.comparator && !previous.comparator && latest.v === previous.v) return 'csTrendSame';
  return 'csTrendUnknown';
}

/** The trend of a test over time (oldest to newest) and its text alternative, when there are two numeric values or more. Censored values are marked. */
export function trendOf(name: string, observations: readonly Observation[], ctx: BuildContext): Trend | undefined {
  const dated = observations
    .map((o) => ({ o, t: epochOf(observationDate(o) ?? o.issued) }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t);
  const numeric = dated.filter((x) => isNumber(x.o.valueQuantity) || numericComponents(x.o));
  if (numeric.length < 2) return undefined;
  const recent = numeric.slice(-TREND_MAX_POINTS);
  const point = (t: number, q: Quantity & { value: number }): TrendPoint => {
    const comparator = comparatorOf(q);
    return { t, v: q.value, ...(comparator ? { comparator } : {}) };
  };
  const series: TrendSeries[] = [];
  const last = recent[recent.length - 1].o;
  if (last.valueQuantity) {
    series.push({
      label: name,
      points: recent.filter((x) => isNumber(x.o.valueQuantity)).map((x) => point(x.t, x.o.valueQuantity as Quantity & { value: number })),
    });
  } else {
    const labels = numericComponents(last)?.map((c) => c.label) ?? [];
    labels.forEach((label, i) => {
      series.push({
        label,
        points: recent
          .map((x) => ({ t: x.t, c: numericComponents(x.o)?.[i] }))
          .filter((x): x is { t: number; c: { label: string; q: Quantity & { value: number } } } => x.c !== undefined)
          .map((x) => point(x.t, x.c.q)),
      });
    });
  }
  if (!series.length || series.every((s) => s.points.length < 2)) return undefined;
  const pts = series[0].points;
  const latest = numeric[numeric.length - 1].o;
  const previous = numeric[numeric.length - 2].o;
  const dir = pts.length >= 2 ? direction(pts[pts.length - 1], pts[pts.length - 2]) : 'csTrendUnknown';
  const prevValue = observationValue(previous, ctx).replace(/\s.*$/, ''); // the number without its unit
  const params = {
    name,
    value: observationValue(latest, ctx),
    date: date(observationDate(latest) ?? latest.issued, ctx).date,
    previous: prevValue,
    previousDate: date(observationDate(previous) ?? previous.issued, ctx).date,
  };
  const censored = series.some((s) => s.points.some((p) => p.comparator));
  const text = ctx.t(dir, params) + (censored ? ` ${ctx.t('csTrendCensored')}` : '');
  return { series, text };
}

/** Observations grouped by test (code) and unit, in order of each test's first observation; cancelled ones are left out. */
export function resultGroups(observations: readonly Observation[]): Observation[][] {
  const groups = new Map<string, Observation[]>();
  let alone = 0;
  for (const o of observations) {
    if (o.status === 'cancelled') continue;
    let k: string;
    try {
      k = groupKey(o);
    } catch {
      // malformed: its own group (its build then counts it as unreadable if it cannot be shown)
      k = `\u0000unreadable-${alone++}`;
    }
    const list = groups.get(k);
    if (list) list.push(o);
    else groups.set(k, [o]);
  }
  return [...groups.values()];
}

/**
 * Recent results: one item per test and unit (values in another unit are another row, titled with
 * the unit), showing the latest value, its date and reference range, the trend when the test was
 * repeated, and every value in `history`. `about` gives each result's report, test group and specimen.
 */
export function resultItems(
  observations: readonly Observation[],
  ctx: BuildContext,
  about?: (o: Observation) => ResultContext | undefined,
  units?: ReadonlyMap<string, number>,
): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const list of resultGroups(observations)) {
    const history = newestFirst(list.map((o) => resultItem(o, ctx, about?.(o))));
    const latest = history[0];
    const unit = unitOf(list[0]);
    const test = groupKey(list[0]).replace(/\|[^|]*$/, '');
    const title = unit && (units?.get(test) ?? 1) > 1 ? `${latest.title} (${unit})` : latest.title;
    // the latest result's own properties (its fields still unformatted), then what the row adds
    const item = Object.defineProperties({}, Object.getOwnPropertyDescriptors(latest)) as SummaryItem;
    Object.assign(item, { title, history, historyNoun: 'results' });
    const count = history.length > 1 ? [{ label: ctx.t('csResultCount'), value: String(history.length) }] : [];
    fieldsLater(item, () => [...latest.fields, ...count], latest.knownLabels ?? [], ctx);
    const trend = trendOf(title, list, ctx);
    if (trend) item.trend = trend;
    items.push(item);
  }
  return newestFirst(items);
}

/** How many units each test (by code) is recorded in, for titling rows of a test recorded in several. */
export function unitsPerTest(observations: readonly Observation[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const o of observations) {
    try {
      const test = groupKey(o).replace(/\|[^|]*$/, '');
      const s = seen.get(test) ?? new Set<string>();
      s.add(unitOf(o) ?? '');
      seen.set(test, s);
    } catch {
      // a malformed result is counted where it is built
    }
  }
  return new Map([...seen].map(([k, v]) => [k, v.size]));
}
