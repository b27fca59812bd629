/**
 * The waiting clock: how many days a referral has waited against the standard that applies.
 * Every clock rule lives here (pure functions, no DOM) so that the widget, the docs and the
 * tests agree.
 *
 * Rules (design choices, documented in docs/referral-status.md):
 * - Days are counted on the UK calendar (Europe/London), not in 24-hour blocks: the figure is
 *   the number of UK midnights between the referral date and today (or the stop date).
 *   The referral date itself is day 0, so "Day 97 of 126" means 97 days have passed.
 *   A dateTime is first converted to its UK calendar date (2024-06-30T23:30:00Z is 1 July in BST);
 *   a date-only value (`2024-03-30`) is already a UK calendar date and is never shifted.
 * - Breached when day > standard days: day 126 is still within 18 weeks, day 127 is a breach
 *   (28-day FDS: day 28 within, day 29 breached).
 * - At risk when day >= ceil(atRiskFraction × days) and not breached (default 0.8: RTT day 101,
 *   FDS day 23). A fraction outside (0, 1] (or not a finite number) is rejected and the default used.
 * - The clock stops on `stoppedAt` (only when a source of RTT or cancer waiting-times status says
 *   it stopped: see `clock-rules.ts`): the count runs to the stop date and `stopped` is true. A stop
 *   date after `now` has not happened yet: the clock still runs.
 * - Weeks and days beside the day count: day 97 is "13w 6d of 18 weeks".
 * - Which date starts the clock, what stops it and which referrals have none are the clock rules
 *   (`clock-rules.ts`); this module counts. Pauses are not modelled.
 * - Unknown, never a guess: no referral date, an unparseable or partial (year/month only) date,
 *   a referral date after today (no negative days), a stop date before the referral date.
 */
import { formatDate, isoOfDayNumber, ukDayNumber, ukDayOfInstant } from '@joinedcare/core';
import { referralStatusStrings } from './strings.js';
import { refMsg } from './messages.js';

export interface ClockStandard {
  id: 'rtt-18-weeks' | 'cancer-fds-28-days' | (string & {});
  /** Short label, e.g. "Referral to treatment, 18 weeks". */
  label: string;
  /** Length of the standard in calendar days. */
  days: number;
  /** Name used in sentences, e.g. "18-week referral to treatment standard" (defaults to `label`). */
  name?: string;
}

export const RTT_18_WEEKS: ClockStandard = Object.freeze({
  id: 'rtt-18-weeks',
  label: referralStatusStrings.refClockStandardRtt,
  name: referralStatusStrings.refClockStandardRttName,
  days: 126,
});

export const CANCER_FDS_28_DAYS: ClockStandard = Object.freeze({
  id: 'cancer-fds-28-days',
  label: referralStatusStrings.refClockStandardFds,
  name: referralStatusStrings.refClockStandardFdsName,
  days: 28,
});

export const DEFAULT_AT_RISK_FRACTION = 0.8;

export type ClockPriority = 'routine' | 'urgent' | 'two-week-wait';

export interface StandardOptions {
  /** Standard for routine and urgent referrals (default RTT 18 weeks). */
  rtt?: ClockStandard;
  /** Standard for two week wait (urgent suspected cancer) referrals (default FDS 28 days). */
  cancer?: ClockStandard;
}

function isStandard(value: unknown): value is ClockStandard {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<ClockStandard>;
  return typeof s.id === 'string' && typeof s.label === 'string' && typeof s.days === 'number' && Number.isInteger(s.days) && s.days > 0;
}

/** Normalises `TWO_WEEK_WAIT`, `Two-Week-Wait`, `two week wait` to `two-week-wait`. */
function normalisePriority(priority: unknown): string {
  return typeof priority === 'string'
    ? priority
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-')
    : '';
}

/**
 * The standard that applies to a priority: two week wait (urgent suspected cancer) → Faster
 * Diagnosis Standard 28 days; routine, urgent and anything else → referral to treatment 18 weeks.
 */
export function standardFor(priority: ClockPriority | (string & {}) | unknown, options?: StandardOptions): ClockStandard {
  const p = normalisePriority(priority);
  if (p === 'two-week-wait' || p === '2ww') {
    return isStandard(options?.cancer) ? options.cancer : CANCER_FDS_28_DAYS;
  }
  return isStandard(options?.rtt) ? options.rtt : RTT_18_WEEKS;
}

export type ClockUnknownReason =
  | 'missing-referral-date'
  | 'invalid-referral-date'
  | 'referral-date-in-future'
  | 'invalid-stop-date'
  | 'stop-before-referral'
  | 'invalid-now'
  /** The referral has no waiting clock (a draft, withdrawn, rejected, cancelled or closed referral; see `clock-rules.ts`). */
  | 'no-clock';

export type ClockState = 'on-track' | 'at-risk' | 'breached';

export type WaitingClock =
  | { state: 'unknown'; reason: ClockUnknownReason }
  | {
      state: ClockState;
      /** Days since the referral date on the UK calendar (referral date = day 0). */
      day: number;
      /** Days in the standard. */
      of: number;
      standard: ClockStandard;
      /** First day counted as at risk. */
      atRiskFrom: number;
      stopped: boolean;
      /** UK calendar date the clock stopped, `yyyy-mm-dd`, when stopped. */
      stoppedOn?: string;
      /** e.g. "Day 97 of 126". */
      label: string;
      /** e.g. "13w 6d of 18 weeks" (a standard that is not whole weeks: "of 31 days"). */
      weeks: string;
      /** e.g. "Day 97 of 126 (18-week referral to treatment standard); at risk". */
      longLabel: string;
    };

export interface WaitingClockInput {
  /** Referral date: FHIR date / dateTime string or a Date. */
  referred?: string | Date;
  /** When the clock stopped (treated, discharged, cancelled), if it has. */
  stoppedAt?: string | Date;
  priority?: ClockPriority | (string & {});
  now: Date;
  /** Fraction of the standard from which the clock is at risk, in (0, 1]; default 0.8. */
  atRiskFraction?: number;
  /** Overrides the standard chosen from the priority. */
  standard?: ClockStandard;
  /** Language for labels (default en-GB). */
  lang?: string;
}

/**
 * The UK calendar day number of a FHIR date/dateTime or a Date (core's `ukDayNumber`, re-exported):
 * `null` when missing, undefined when unusable (unparseable, or only a year or month).
 */
export { ukDayNumber };

/** A day of an input the clock reads: a date string or a Date (a bare number is not a date here). */
const dayOf = (value: unknown): number | null | undefined => (typeof value === 'number' ? undefined : ukDayNumber(value));

/** The fraction actually used: a finite number in (0, 1], else the default 0.8. */
export function atRiskFractionOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1 ? value : DEFAULT_AT_RISK_FRACTION;
}

/** The waiting clock for one referral. Never throws. */
export function waitingClock(input: WaitingClockInput): WaitingClock {
  if (typeof input !== 'object' || input === null) return { state: 'unknown', reason: 'invalid-now' };
  const now = input.now instanceof Date ? ukDayOfInstant(input.now.getTime()) : undefined;
  if (now === undefined) return { state: 'unknown', reason: 'invalid-now' };
  const referred = dayOf(input.referred);
  if (referred === null) return { state: 'unknown', reason: 'missing-referral-date' };
  if (referred === undefined) return { state: 'unknown', reason: 'invalid-referral-date' };
  if (referred > now) return { state: 'unknown', reason: 'referral-date-in-future' };

  let end = now;
  let stopped = false;
  const stop = dayOf(input.stoppedAt);
  if (stop === undefined) return { state: 'unknown', reason: 'invalid-stop-date' };
  if (stop !== null) {
    if (stop < referred) return { state: 'unknown', reason: 'stop-before-referral' };
    if (stop <= now) {
      end = stop;
      stopped = true;
    }
  }

  const standard = isStandard(input.standard) ? input.standard : standardFor(input.priority);
  const of = standard.days;
  const day = end - referred;
  const atRiskFrom = Math.ceil(atRiskFractionOf(input.atRiskFraction) * of);
  const state: ClockState = day > of ? 'breached' : day >= atRiskFrom ? 'at-risk' : 'on-track';

  const lang = input.lang;
  const label = refMsg('refClockDayOf', { day, of }, lang);
  const weeks = weeksOf(day, of, lang);
  const stateWords = refMsg(
    state === 'breached' ? 'refClockBreached' : state === 'at-risk' ? 'refClockAtRisk' : 'refClockOnTrack',
    undefined,
    lang,
  );
  const standardName = standardNameOf(standard, lang);
  const stoppedOn = stopped ? isoOfDayNumber(end) : undefined;
  const longLabel = stoppedOn
    ? refMsg('refClockLongStopped', { label, standard: standardName, state: stateWords, date: formatDate(stoppedOn, { lang }) }, lang)
    : refMsg('refClockLong', { label, standard: standardName, state: stateWords }, lang);

  return {
    state,
    day,
    of,
    standard,
    atRiskFrom,
    stopped,
    ...(stoppedOn ? { stoppedOn } : {}),
    label,
    weeks,
    longLabel,
  };
}

/** "13w 6d of 18 weeks" for day 97 of 126; "5w 5d of 31 days" when the standard is not whole weeks. */
export function weeksOf(day: number, of: number, lang?: string): string {
  const elapsed = refMsg('refClockWeeksDays', { w: Math.floor(day / 7), d: day % 7 }, lang);
  return of % 7 === 0
    ? refMsg('refClockWeeksOfWeeks', { elapsed, weeks: of / 7 }, lang)
    : refMsg('refClockWeeksOfDays', { elapsed, days: of }, lang);
}

/** The built-in standards' names come from the catalogue (so they translate); others use their own. */
function standardNameOf(standard: ClockStandard, lang: string | undefined): string {
  if (standard.id === RTT_18_WEEKS.id && standard.days === RTT_18_WEEKS.days) return refMsg('refClockStandardRttName', undefined, lang);
  if (standard.id === CANCER_FDS_28_DAYS.id && standard.days === CANCER_FDS_28_DAYS.days) {
    return refMsg('refClockStandardFdsName', undefined, lang);
  }
  return standard.name || standard.label;
}
