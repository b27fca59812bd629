import type { Observation, ObservationReferenceRange, Quantity } from 'fhir/r4.js';
import { formatNumber, formatQuantity } from '@joinedcare/core';
import { baseItem, codes, concept, date, epochOf, field, newestFirst, str } from './model-shared.js';
import type { BuildContext, SummaryItem, Trend, TrendSeries } from './model-shared.js';

/** At most this many points are drawn in a trend chart (the newest). */
export const TREND_MAX_POINTS = 20;

function groupKey(o: Observation): string {
  const c = o.code?.coding?.find((x) => str(x?.code));
  if (c) return `${str(c.system) ?? ''}|${str(c.code) ?? ''}`;
  return `text|${(str(o.code?.text) ?? '').toLowerCase()}`;
}

function isNumber(q: Quantity | undefined): q is Quantity & { value: number } {
  return typeof q?.value === 'number' && Number.isFinite(q.value);
}

/** The components that make a value (blood pressure's systolic and diastolic), when every one is numeric. */
function numericComponents(o: Observation): Array<{ label: string; q: Quantity & { value: number } }> | undefined {
  const comps = (o.component ?? []).filter((c) => c?.valueQuantity);
  if (!comps.length || !comps.every((c) => isNumber(c.valueQuantity))) return undefined;
  return comps.map((c) => ({
    label: str(c.code?.coding?.[0]?.display) ?? str(c.code?.text) ?? '',
    q: c.valueQuantity as Quantity & { value: number },
  }));
}

/** The value as text: a quantity, "156/95 mmHg" for components, a string, a concept; else Not Known. */
export function observationValue(o: Observation, ctx: BuildContext): string {
  const opt = ctx.lang ? { lang: ctx.lang } : undefined;
  if (o.valueQuantity) return formatQuantity(o.valueQuantity, opt);
  const comps = numericComponents(o);
  if (comps) {
    const unit = str(comps[0].q.unit) ?? str(comps[0].q.code);
    return comps.map((c) => formatNumber(c.q.value, opt)).join('/') + (unit ? ` ${unit}` : '');
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

const INTERPRETATION: Record<string, 'csHigh' | 'csLow' | 'csAbnormal' | 'csCriticalHigh' | 'csCriticalLow'> = {
  H: 'csHigh',
  HH: 'csCriticalHigh',
  HU: 'csHigh',
  L: 'csLow',
  LL: 'csCriticalLow',
  LU: 'csLow',
  A: 'csAbnormal',
  AA: 'csAbnormal',
};

function observationDate(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
}

function resultItem(o: Observation, ctx: BuildContext): SummaryItem {
  const range = referenceRange(o.referenceRange?.[0], ctx);
  const item = baseItem(o, ctx, {
    title: concept(o.code, ctx),
    dateValue: observationDate(o),
    dateLabel: 'csTaken',
    fields: [{ label: ctx.t('csValue'), value: observationValue(o, ctx) }, field('csReferenceRange', range, ctx)],
  });
  const flag = codes(o.interpretation?.[0])
    .map((c) => INTERPRETATION[c])
    .find((k) => k !== undefined);
  if (flag) item.status = ctx.t(flag);
  else if (o.status === 'preliminary' || o.status === 'registered') item.status = ctx.t('csPreliminary');
  else if (o.status === 'amended' || o.status === 'corrected') item.status = ctx.t('csAmended');
  return item;
}

function direction(latest: number, previous: number): 'csTrendUp' | 'csTrendDown' | 'csTrendSame' {
  return latest > previous ? 'csTrendUp' : latest < previous ? 'csTrendDown' : 'csTrendSame';
}

/** The trend of a test over time (oldest to newest) and its text alternative, when there are two numeric values or more. */
export function trendOf(name: string, observations: readonly Observation[], ctx: BuildContext): Trend | undefined {
  const dated = observations
    .map((o) => ({ o, t: epochOf(observationDate(o)) }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t);
  const numeric = dated.filter((x) => isNumber(x.o.valueQuantity) || numericComponents(x.o));
  if (numeric.length < 2) return undefined;
  const recent = numeric.slice(-TREND_MAX_POINTS);
  const series: TrendSeries[] = [];
  const first = recent[recent.length - 1].o;
  if (first.valueQuantity) {
    series.push({
      label: name,
      points: recent.filter((x) => isNumber(x.o.valueQuantity)).map((x) => ({ t: x.t, v: x.o.valueQuantity?.value as number })),
    });
  } else {
    const labels = numericComponents(first)?.map((c) => c.label) ?? [];
    labels.forEach((label, i) => {
      series.push({
        label,
        points: recent
          .map((x) => ({ t: x.t, c: numericComponents(x.o)?.[i] }))
          .filter((x) => x.c !== undefined)
          .map((x) => ({ t: x.t, v: x.c?.q.value as number })),
      });
    });
  }
  if (!series.length || series.every((s) => s.points.length < 2)) return undefined;
  const latest = numeric[numeric.length - 1].o;
  const previous = numeric[numeric.length - 2].o;
  const main = (o: Observation) => (isNumber(o.valueQuantity) ? o.valueQuantity.value : (numericComponents(o)?.[0]?.q.value ?? 0));
  const prevValue = observationValue(previous, ctx).replace(/\s.*$/, ''); // the number without its unit
  const text = ctx.t(direction(main(latest), main(previous)), {
    name,
    value: observationValue(latest, ctx),
    date: date(observationDate(latest), ctx).date,
    previous: prevValue,
    previousDate: date(observationDate(previous), ctx).date,
  });
  return { series, text };
}

/** Observations grouped by test (code), in order of each test's first observation; cancelled ones are left out. */
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
 * Recent results: one item per test (grouped by code), showing the latest value, its date and
 * reference range, the trend when the test was repeated, and every value in `history`.
 */
export function resultItems(observations: readonly Observation[], ctx: BuildContext): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const list of resultGroups(observations)) {
    const history = newestFirst(list.map((o) => resultItem(o, ctx)));
    const latest = history[0];
    const item: SummaryItem = { ...latest, fields: [...latest.fields], history };
    const trend = trendOf(latest.title, list, ctx);
    if (trend) item.trend = trend;
    if (history.length > 1) item.fields.push({ label: ctx.t('csResultCount'), value: String(history.length) });
    items.push(item);
  }
  return newestFirst(items);
}
