// @joinedcare/referral-status: the waiting clock rules and the referral state mapping (pure, no DOM).
export * from './clock.js';
export * from './states.js';
