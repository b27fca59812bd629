/**
 * THE clock rules: which date starts a referral's waiting clock, what stops it, which referrals
 * have none, and when the 28-day Faster Diagnosis Standard is shown. One configurable module
 * (`CLOCK_RULES`, overridable per call); `clock.ts` does the counting. Documented in
 * docs/referral-status.md ("The waiting clock").
 *
 * - Start: the first of `startOrder` the data gives: a new RTT period an RTT status source starts
 *   (codes 10, 11, 12 with a date); e-RS's `eReferralPathwayStart`; the UBRN conversion (an e-RS
 *   worklist's `ubrnReceived`); the booking (the earliest `created` of the referral's
 *   appointments); else the referral date (`authoredOn`), said as "from the referral date; clock
 *   start not known". RTT starts when the provider receives the referral, not when it is written.
 * - Stop: only an RTT status source says a clock stopped (codes 30–36, with the date). e-RS does
 *   not record treatment: a completed (closed) e-RS referral is "e-RS referral closed", never
 *   "clock stopped".
 * - No clock: drafts, withdrawn, rejected, cancelled, failed and entered-in-error referrals; and a
 *   referral an RTT status source says is not on an RTT period (90, 91, 92, 98).
 * - FDS: counted only from a cancer waiting-times source (`JC_EXT.cancerWaitingTimes`); for an
 *   urgent suspected cancer referral without one: "28-day FDS: outcome not available".
 */
import { formatDate, type MessageKey } from '@joinedcare/core';
import { CANCER_FDS_28_DAYS, RTT_18_WEEKS, waitingClock, type ClockStandard, type WaitingClock } from './clock.js';
import type { ReferralPriorityCode } from './priorities.js';
import type { ReferralStateCode } from './states.js';
import { refMsg } from './messages.js';

export type ClockStartBasis = 'rtt-status' | 'ers-pathway-start' | 'ubrn-conversion' | 'booking' | 'referral-date';
export type NoClockReason = 'draft' | 'withdrawn' | 'rejected' | 'cancelled' | 'failed' | 'entered-in-error';
/** What a state does to the clock: it runs, the e-RS referral is closed, or there is none (and why). */
export type StateClockRule = { clock: 'runs' } | { clock: 'closed' } | { clock: 'none'; reason: NoClockReason };

/** What an RTT period status (NHS Data Dictionary national code) does to the clock. */
export interface RttStatusRule {
  effect: 'start' | 'continue' | 'stop' | 'not-rtt' | 'unknown';
  labelKey: MessageKey;
}

const rtt = (effect: RttStatusRule['effect'], labelKey: MessageKey): RttStatusRule => Object.freeze({ effect, labelKey });

/** REFERRAL TO TREATMENT PERIOD STATUS (NHS Data Dictionary): the national codes and their effect. */
export const RTT_PERIOD_STATUSES: Readonly<Record<string, RttStatusRule>> = Object.freeze({
  '10': rtt('start', 'refRtt10'),
  '11': rtt('start', 'refRtt11'),
  '12': rtt('start', 'refRtt12'),
  '20': rtt('continue', 'refRtt20'),
  '21': rtt('continue', 'refRtt21'),
  '30': rtt('stop', 'refRtt30'),
  '31': rtt('stop', 'refRtt31'),
  '32': rtt('stop', 'refRtt32'),
  '33': rtt('stop', 'refRtt33'),
  '34': rtt('stop', 'refRtt34'),
  '35': rtt('stop', 'refRtt35'),
  '36': rtt('stop', 'refRtt36'),
  '90': rtt('not-rtt', 'refRtt90'),
  '91': rtt('not-rtt', 'refRtt91'),
  '92': rtt('not-rtt', 'refRtt92'),
  '98': rtt('not-rtt', 'refRtt98'),
  '99': rtt('unknown', 'refRtt99'),
});

export interface ClockRules {
  /** Where the clock start is looked for, first first. */
  startOrder: readonly ClockStartBasis[];
  /** What a state does to the clock (a state not listed: the clock runs). */
  byState: Readonly<Partial<Record<ReferralStateCode, StateClockRule>>>;
  rttStatuses: Readonly<Record<string, RttStatusRule>>;
  /** Priorities for which the 28-day FDS applies. */
  fdsPriorities: readonly ReferralPriorityCode[];
  rtt: ClockStandard;
  fds: ClockStandard;
}

const none = (reason: NoClockReason): StateClockRule => Object.freeze({ clock: 'none', reason });

export const CLOCK_RULES: Readonly<ClockRules> = Object.freeze({
  startOrder: Object.freeze(['rtt-status', 'ers-pathway-start', 'ubrn-conversion', 'booking', 'referral-date'] as const),
  byState: Object.freeze({
    draft: none('draft'),
    revoked: none('withdrawn'),
    REJECTED: none('rejected'),
    rejected: none('rejected'),
    CANCELLED_REFERRAL: none('cancelled'),
    cancelled: none('cancelled'),
    failed: none('failed'),
    'entered-in-error': none('entered-in-error'),
    completed: Object.freeze({ clock: 'closed' as const }),
  }),
  rttStatuses: RTT_PERIOD_STATUSES,
  fdsPriorities: Object.freeze(['two-week-wait'] as const),
  rtt: RTT_18_WEEKS,
  fds: CANCER_FDS_28_DAYS,
});

/** What the data says about a referral's clock (read by `clock-facts.ts`). */
export interface ClockFacts {
  state: ReferralStateCode;
  priority: ReferralPriorityCode;
  /** Candidate start dates, as recorded. */
  starts: Partial<Record<Exclude<ClockStartBasis, 'rtt-status'>, string>>;
  /** The latest RTT period status an RTT status source gives. */
  rtt?: { code: string; date?: string };
  /** A cancer waiting-times source. */
  cwt?: { periodStart?: string; outcomeDate?: string; outcome?: string };
}

export type ReferralClock =
  | {
      kind: 'running' | 'stopped';
      /** The RTT clock (unknown when the start or stop cannot be read). */
      clock: WaitingClock;
      basis?: ClockStartBasis;
      /** The start date, as recorded. */
      start?: string;
      /** "Day 97 of 126 (13w 6d of 18 weeks)", or why it is not known. */
      text: string;
      /** "from the e-RS pathway start, 08-May-2024" / "from the referral date; clock start not known". */
      startText: string;
      /** What the RTT status source says, when it says. */
      statusText?: string;
    }
  | { kind: 'closed' | 'none' | 'not-rtt'; text: string; statusText?: string };

export interface FdsLine {
  text: string;
  clock?: WaitingClock;
}

export interface ClockOptions {
  now: Date;
  lang?: string;
  atRiskFraction?: number;
  rules?: Partial<ClockRules>;
}

const START_TEXT: Record<ClockStartBasis, MessageKey> = {
  'rtt-status': 'refClockFromRtt',
  'ers-pathway-start': 'refClockFromPathwayStart',
  'ubrn-conversion': 'refClockFromConversion',
  booking: 'refClockFromBooking',
  'referral-date': 'refClockFromReferralDate',
};

const NO_CLOCK_TEXT: Record<NoClockReason, MessageKey> = {
  draft: 'refNoClockDraft',
  withdrawn: 'refNoClockWithdrawn',
  rejected: 'refNoClockRejected',
  cancelled: 'refNoClockCancelled',
  failed: 'refNoClockFailed',
  'entered-in-error': 'refNoClockError',
};

/** The clock as text: "Day 97 of 126 (13w 6d of 18 weeks)", or why it is not known. */
export function clockLabel(clock: WaitingClock, lang: string | undefined): string {
  if (clock.state !== 'unknown') return `${clock.label} (${clock.weeks})`;
  const reason: MessageKey =
    clock.reason === 'missing-referral-date'
      ? 'refClockMissingDate'
      : clock.reason === 'referral-date-in-future'
        ? 'refClockFuture'
        : clock.reason === 'invalid-stop-date' || clock.reason === 'stop-before-referral'
          ? 'refClockStopUnknown'
          : 'refClockInvalidDate';
  return refMsg('refClockUnknown', { reason: refMsg(reason, undefined, lang) }, lang);
}

/** The RTT clock and the FDS line of one referral, by the rules. Never throws. */
export function referralClock(facts: ClockFacts, options: ClockOptions): { rtt: ReferralClock; fds?: FdsLine } {
  const rules: ClockRules = { ...CLOCK_RULES, ...options.rules };
  const lang = options.lang;
  const date = (d: string) => formatDate(d, lang ? { lang } : undefined);
  const status = facts.rtt ? rules.rttStatuses[facts.rtt.code] : undefined;
  const statusLabel = facts.rtt
    ? refMsg(
        'refRttStatus',
        { code: facts.rtt.code, label: status ? refMsg(status.labelKey, undefined, lang) : refMsg('refRttNotNational', undefined, lang) },
        lang,
      )
    : undefined;
  const fds = fdsLine(facts, rules, options, lang);
  const stateRule = rules.byState[facts.state] ?? { clock: 'runs' };
  if (status?.effect === 'not-rtt')
    return { rtt: { kind: 'not-rtt', text: refMsg('refNoClockNotRtt', { status: statusLabel! }, lang) }, ...fds };
  const stop = status?.effect === 'stop';
  if (!stop && stateRule.clock === 'none')
    return { rtt: { kind: 'none', text: refMsg(NO_CLOCK_TEXT[stateRule.reason], undefined, lang) }, ...fds };
  if (!stop && stateRule.clock === 'closed') {
    return {
      rtt: { kind: 'closed', text: refMsg('refClockErsClosed', undefined, lang), ...(statusLabel ? { statusText: statusLabel } : {}) },
      ...fds,
    };
  }
  const start = clockStart(facts, status, rules);
  // a stop the source does not date is said, never counted
  const undatedStop = stop && !facts.rtt?.date;
  const counted = waitingClock({
    ...(start ? { referred: start.date } : {}),
    ...(stop && facts.rtt?.date ? { stoppedAt: facts.rtt.date } : {}),
    standard: rules.rtt,
    now: options.now,
    ...(options.atRiskFraction !== undefined ? { atRiskFraction: options.atRiskFraction } : {}),
    ...(lang ? { lang } : {}),
  });
  const clock: WaitingClock = undatedStop ? { state: 'unknown', reason: 'invalid-stop-date' } : counted;
  const startText = start ? refMsg(START_TEXT[start.basis], { date: date(start.date) }, lang) : refMsg('refClockNoStart', undefined, lang);
  const statusText = stop
    ? refMsg(
        facts.rtt?.date ? 'refClockRttStopped' : 'refClockRttStoppedNoDate',
        { date: facts.rtt?.date ? date(facts.rtt.date) : '', status: statusLabel! },
        lang,
      )
    : statusLabel;
  return {
    rtt: {
      kind: stop ? 'stopped' : 'running',
      clock,
      ...(start ? { basis: start.basis, start: start.date } : {}),
      text: clockLabel(clock, lang),
      startText,
      ...(statusText ? { statusText } : {}),
    },
    ...fds,
  };
}

function clockStart(
  facts: ClockFacts,
  status: RttStatusRule | undefined,
  rules: ClockRules,
): { basis: ClockStartBasis; date: string } | undefined {
  for (const basis of rules.startOrder) {
    if (basis === 'rtt-status') {
      if (status?.effect === 'start' && facts.rtt?.date) return { basis, date: facts.rtt.date };
      continue;
    }
    const d = facts.starts[basis];
    if (d) return { basis, date: d };
  }
  return undefined;
}

function fdsLine(facts: ClockFacts, rules: ClockRules, options: ClockOptions, lang: string | undefined): { fds?: FdsLine } {
  const cwt = facts.cwt;
  if (!cwt) return rules.fdsPriorities.includes(facts.priority) ? { fds: { text: refMsg('refFdsNotAvailable', undefined, lang) } } : {};
  const start = cwt.periodStart ?? clockStart(facts, facts.rtt ? rules.rttStatuses[facts.rtt.code] : undefined, rules)?.date;
  const clock = waitingClock({
    ...(start ? { referred: start } : {}),
    ...(cwt.outcomeDate ? { stoppedAt: cwt.outcomeDate } : {}),
    standard: rules.fds,
    now: options.now,
    ...(options.atRiskFraction !== undefined ? { atRiskFraction: options.atRiskFraction } : {}),
    ...(lang ? { lang } : {}),
  });
  const outcome = cwt.outcome ? refMsg('refFdsOutcome', { outcome: cwt.outcome }, lang) : '';
  if (clock.state === 'unknown') return { fds: { text: refMsg('refFdsUnknown', { clock: clockLabel(clock, lang) }, lang), clock } };
  const words = refMsg(
    clock.state === 'breached' ? 'refClockBreached' : clock.state === 'at-risk' ? 'refClockAtRisk' : 'refClockOnTrack',
    undefined,
    lang,
  );
  const text = clock.stopped
    ? refMsg(
        'refFdsCommunicated',
        {
          date: formatDate(clock.stoppedOn, lang ? { lang } : undefined),
          clock: clockLabel(clock, lang),
          met: refMsg(clock.day <= clock.of ? 'refFdsWithin' : 'refFdsAfter', { days: clock.of }, lang),
          outcome,
        },
        lang,
      )
    : refMsg('refFdsRunning', { clock: clockLabel(clock, lang), state: words }, lang);
  return { fds: { text, clock } };
}
