/**
 * Which referrals need attention, for whom, and what each viewer may ask of the other side.
 *
 * - The viewer's side: the GP's (`primary`, and with no setting) is the referrer's; the hospital's
 *   (`secondary`) is the provider's. "Needs attention" holds every active referral whose move is
 *   the viewer's side's and whose state asks something of it (the table's `needsAttention`).
 * - Whoever looks: a missed appointment, a provider's cancellation not rebooked, and a referral
 *   awaiting triage for longer than its priority's triage days (a patient who may be lost).
 * - Awaiting triage is counted from when the state was reached, else from the clock start (when
 *   the provider received the referral), else from the referral date.
 * - Triage days per priority: the `triage-days` attribute, else `triage-alert-days` (all
 *   priorities), else e-RS reference data handed in (`triageContactDays` of the PRIORITY code
 *   system), else e-RS's published figures: 40 routine, 5 urgent, 2 two week wait (the e-RS
 *   sandbox's getCodeSystem PRIORITY response); ASAP takes the urgent figure, STAT the shortest.
 * - Chase: only an active referral that is not a draft, whose move is the other side's.
 */
import { formatDate, ukDayNumber, type CareSetting } from '@joinedcare/core';
import type { AppointmentView } from './appointments.js';
import type { ErsReference } from './ers-reference.js';
import type { ReferralPriorityCode, ReferralPriorityResult } from './priorities.js';
import { stateInText, type NeedsAttention, type ReferralStateResult, type WhoActs } from './states.js';
import { refMsg } from './messages.js';

export type AttentionKind = NeedsAttention;

export interface Attention {
  kind: AttentionKind;
  /** One sentence saying why. */
  reason: string;
}

export type TriageDays = Partial<Record<ReferralPriorityCode, number>>;

/** e-RS's published triage days (the sandbox's PRIORITY code system: `triageContactDays`). */
export const DEFAULT_TRIAGE_DAYS: Readonly<Record<ReferralPriorityCode, number>> = Object.freeze({
  routine: 40,
  urgent: 5,
  'two-week-wait': 2,
  asap: 5,
  stat: 2,
});

const ERS_PRIORITY_CODE: Record<ReferralPriorityCode, string> = {
  routine: 'ROUTINE',
  urgent: 'URGENT',
  'two-week-wait': 'TWO_WEEK_WAIT',
  asap: 'URGENT',
  stat: 'TWO_WEEK_WAIT',
};

const ALIASES: Record<string, ReferralPriorityCode> = {
  routine: 'routine',
  urgent: 'urgent',
  'two-week-wait': 'two-week-wait',
  two_week_wait: 'two-week-wait',
  '2ww': 'two-week-wait',
  asap: 'asap',
  stat: 'stat',
};

const validDays = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** `routine=40, urgent=5, 2ww=2` (or `routine:40 urgent:5`) → days per priority; unknown or bad parts are ignored. */
export function parseTriageDays(value: unknown): TriageDays | undefined {
  if (typeof value !== 'string') return undefined;
  const out: TriageDays = {};
  for (const part of value.split(/[,;\s]+/)) {
    const m = /^([a-z0-9_-]+)[:=](\d+)$/i.exec(part.trim());
    const code = m ? ALIASES[m[1].toLowerCase()] : undefined;
    if (m && code) out[code] = Number(m[2]);
  }
  return Object.keys(out).length ? out : undefined;
}

/** The triage days for a priority, and where the figure comes from. */
export function triageDaysFor(
  priority: ReferralPriorityCode,
  options: { triageDays?: TriageDays | undefined; triageAlertDays?: number | undefined; reference?: ErsReference | undefined },
): { days: number; source: 'attribute' | 'reference' | 'default' } {
  const own = options.triageDays?.[priority];
  if (validDays(own)) return { days: own, source: 'attribute' };
  if (validDays(options.triageAlertDays)) return { days: options.triageAlertDays, source: 'attribute' };
  const fromReference = options.reference?.triageContactDays[ERS_PRIORITY_CODE[priority]];
  if (validDays(fromReference)) return { days: fromReference, source: 'reference' };
  return { days: DEFAULT_TRIAGE_DAYS[priority], source: 'default' };
}

/** The side the viewer is on: the provider's in a hospital (`secondary`), else the referrer's. */
export function viewerSide(setting: CareSetting | undefined): Exclude<WhoActs, 'patient' | 'nobody'> {
  return setting === 'secondary' ? 'provider' : 'referrer';
}

/** Whether the viewer may ask the other side to act: an active referral, not a draft, whose move is the other side's. */
export function canChase(state: ReferralStateResult, setting: CareSetting | undefined): boolean {
  if (state.phase !== 'active' || state.code === 'draft') return false;
  const side = viewerSide(setting);
  return state.whoActs === (side === 'referrer' ? 'provider' : 'referrer');
}

export interface AttentionInput {
  state: ReferralStateResult;
  appointment: AppointmentView | undefined;
  /** When the current state was reached, if known. */
  since: string | undefined;
  /** When the waiting clock started (the provider received the referral), if known. */
  clockStart: string | undefined;
  referred: string | undefined;
  /** When the shown appointment was cancelled, if known. */
  cancelledOn: string | undefined;
  priority: ReferralPriorityResult;
  triageDays: number;
  now: Date;
  setting: CareSetting | undefined;
  lang: string | undefined;
}

const SIDE_REASONS: Partial<Record<NeedsAttention, Parameters<typeof refMsg>[0]>> = {
  rejected: 'refAttentionRejected',
  'triage-response': 'refAttentionTriageResponse',
  'assessment-result': 'refAttentionAssessmentResult',
  draft: 'refAttentionDraft',
  failed: 'refAttentionFailed',
  'provider-to-action': 'refAttentionProviderToAction',
  'deferred-to-provider': 'refAttentionDeferred',
  'awaiting-acceptance': 'refAttentionAwaitingAcceptance',
};

/** Why a referral needs the viewer's attention, if it does. */
export function attentionOf(input: AttentionInput): Attention | undefined {
  const { state, appointment: appt, lang } = input;
  if (state.phase !== 'active') return undefined;
  const o = lang ? { lang } : undefined;
  const apptDate = appt?.start ? formatDate(appt.start, o) : undefined;
  // the appointment speaks only when no e-RS state does (e-RS's own state explains its appointment)
  const apptSpeaks = state.source !== 'ers-extension' && state.source !== 'task-business-status' && state.code !== 'BOOKED';
  if (state.needsAttention === 'did-not-attend' || (apptSpeaks && appt?.outcome === 'did-not-attend')) {
    const appointment = apptDate ? refMsg('refApptOn', { date: apptDate }, lang) : refMsg('refApptUndated', undefined, lang);
    return { kind: 'did-not-attend', reason: refMsg('refAttentionDna', { appointment }, lang) };
  }
  if ((state.needsAttention === 'cancelled-by-provider' || (apptSpeaks && appt?.outcome === 'cancelled-by-provider')) && !appt?.rebooked) {
    // which appointment it was (its date) and when it was cancelled: two dates, never one for the other
    const appointment = apptDate ? refMsg('refApptFor', { date: apptDate }, lang) : refMsg('refApptUndated', undefined, lang);
    const reason = input.cancelledOn
      ? refMsg('refAttentionProviderCancelled', { appointment, cancelled: formatDate(input.cancelledOn, o) }, lang)
      : refMsg('refAttentionProviderCancelledNoDate', { appointment }, lang);
    return { kind: 'cancelled-by-provider', reason };
  }
  const side = viewerSide(input.setting);
  if (state.code === 'AWAITING_TRIAGE') {
    // from when it reached triage, else from when the provider received it (the clock start), else the referral date
    const from = [input.since, input.clockStart, input.referred].map((d) => ukDayNumber(d)).find((d): d is number => typeof d === 'number');
    const today = ukDayNumber(input.now);
    const days = typeof from === 'number' && typeof today === 'number' ? today - from : undefined;
    const params = { n: days ?? 0, limit: refMsg('refDays', { n: input.triageDays }, lang), priority: input.priority.label };
    if (days !== undefined && days > input.triageDays)
      return { kind: 'awaiting-triage', reason: refMsg('refAttentionTriage', params, lang) };
    if (side !== 'provider') return undefined;
    return {
      kind: 'awaiting-triage',
      reason: refMsg(days === undefined ? 'refAttentionTriageDueNoDate' : 'refAttentionTriageDue', params, lang),
    };
  }
  const key = state.needsAttention ? SIDE_REASONS[state.needsAttention] : undefined;
  if (!key || state.whoActs !== side) return undefined;
  return { kind: state.needsAttention!, reason: refMsg(key, { state: stateInText(state.label) }, lang) };
}
