// Registers <jc-referral-status> (placeholder until the element lands).
import '@joinedcare/core/define.js';
