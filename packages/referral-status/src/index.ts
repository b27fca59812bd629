// @joinedcare/referral-status: side-effect-free exports. Import './define.js' to register the tag.
export { JcReferralStatus, type ReferralAction } from './referral-status.js';
export * from './clock.js';
export * from './states.js';
export * from './model.js';
export { loadReferrals, changedSince, fingerprint, REFERRAL_TYPES, type ReferralLoad, type LoadOptions } from './data.js';
export { Poller, realScheduler, type PollScheduler, type PollerOptions } from './poller.js';
export { referralStatusStrings, referralStatusMessages } from './strings.js';
