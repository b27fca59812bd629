// @joinedcare/referral-status: side-effect-free exports. Import './define.js' to register the tag.
export { JcReferralStatus, type ReferralAction } from './referral-status.js';
// the waiting clock: the counting (clock.ts) and the rules (clock-rules.ts)
export {
  CLOCK_RULES,
  clockLabel,
  referralClock,
  RTT_PERIOD_STATUSES,
  type ClockFacts,
  type ClockOptions,
  type ClockRules,
  type ClockStartBasis,
  type FdsLine,
  type NoClockReason,
  type ReferralClock,
  type RttStatusRule,
  type StateClockRule,
} from './clock-rules.js';
export { clockFactsOf } from './clock-facts.js';
export {
  atRiskFractionOf,
  CANCER_FDS_28_DAYS,
  DEFAULT_AT_RISK_FRACTION,
  RTT_18_WEEKS,
  standardFor,
  ukDayNumber,
  waitingClock,
  weeksOf,
  type ClockPriority,
  type ClockStandard,
  type ClockState,
  type ClockUnknownReason,
  type StandardOptions,
  type WaitingClock,
  type WaitingClockInput,
} from './clock.js';
// the state mapping table, and priorities
export {
  ERS_REFERRAL_STATE_SYSTEM,
  ERS_REFERRAL_STATES,
  REFERRAL_STATES,
  referralState,
  SERVICE_REQUEST_STATUSES,
  stateInText,
  TAG_COLOURS,
  TASK_STATUSES,
  type ErsReferralState,
  type NeedsAttention,
  type ReferralStateCode,
  type ReferralStateEntry,
  type ReferralStateResult,
  type ReferralStateSource,
  type ServiceRequestStatus,
  type TagColour,
  type TaskStatus,
  type WhoActs,
} from './states.js';
export {
  PRIORITIES,
  referralPriority,
  type PriorityEntry,
  type PriorityOptions,
  type ReferralPriorityCode,
  type ReferralPriorityResult,
} from './priorities.js';
// the model: UBRN, grouping, appointments, state and reason, timeline, one referral's view, lists
export { formatUbrn, UBRN_SYSTEM, ubrnOf } from './ubrn.js';
export {
  countNotReferrals,
  countServiceRequests,
  groupReferrals,
  isReferral,
  subjectIdOf,
  subjectNhsNumberOf,
  type ReferralBundle,
  type ReferralInput,
} from './grouping.js';
export type { AppointmentOutcome, AppointmentView } from './appointments.js';
export {
  attentionOf,
  canChase,
  DEFAULT_TRIAGE_DAYS,
  parseTriageDays,
  triageDaysFor,
  viewerSide,
  type Attention,
  type AttentionInput,
  type AttentionKind,
  type TriageDays,
} from './attention.js';
// e-RS as published (STU3 and R4): vocabulary, reference data, and what hosts hand in
export { ERS, JC_EXT, RTT_PERIOD_STATUS_SYSTEM, ersStateFacts, isAdviceRequest, pathwayStartOf, type ErsStateFacts } from './ers-codes.js';
export { readCodeSystem, emptyReference, type ErsReference, type ReferenceConcept } from './ers-reference.js';
export { readReferralInput, noneNotShown, type NotShown, type ReadInput, type ReadOptions } from './ers-input.js';
export { stu3ReferralToR4, stu3AppointmentToR4 } from './ers-stu3.js';
export { worklistReferrals, isWorklist } from './ers-worklist.js';
export type { TimelineEntry } from './timeline.js';
export { referralView, type ReferralModelOptions, type ReferralView } from './model.js';
export {
  BUILD_CHUNK_SIZE,
  buildReferrals,
  buildReferralsChunked,
  CHUNKED_BUILD_THRESHOLD,
  compareReferrals,
  filterReferrals,
  newestLastUpdated,
  referralChanges,
  REFERRAL_FILTERS,
  type ChunkedBuildOptions,
  type ReferralFilter,
} from './lists.js';
/** From core, re-exported for compatibility: `referenceKey` (core's record layer) and `yieldToMain` (core's chunked runner). */
export { referenceKey, yieldToMain } from '@joinedcare/core';
// loading and live updates
export { changedSince, fingerprint, loadReferrals, REFERRAL_TYPES, type LoadOptions, type ReferralLoad } from './data.js';
export { Poller, realScheduler, type PollHost, type PollScheduler } from './poller.js';
export { referralStatusStrings } from './strings.js';
export { referralStatusMessages } from './messages.js';
export { DRAW_CHUNK } from './list-drawing.js';
