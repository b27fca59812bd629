// @joinedcare/referral-status: side-effect-free exports. Import './define.js' to register the tag.
export { JcReferralStatus, type ReferralAction } from './referral-status.js';
// the waiting clock
export {
  atRiskFractionOf,
  CANCER_FDS_28_DAYS,
  DEFAULT_AT_RISK_FRACTION,
  RTT_18_WEEKS,
  standardFor,
  ukDayNumber,
  waitingClock,
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
export { countServiceRequests, groupReferrals, isReferral, subjectIdOf, type ReferralBundle, type ReferralInput } from './grouping.js';
export type { AppointmentOutcome, AppointmentView } from './appointments.js';
export { DEFAULT_TRIAGE_ALERT_DAYS, type Attention, type AttentionKind } from './referral-state.js';
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
