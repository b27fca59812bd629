// @joinedcare/elements: registers every joined-care element (placeholder until the bundle lands).
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/advice-panel/define.js';
