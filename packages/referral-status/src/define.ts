// Registers <jc-referral-status> (and <jc-context>, which it is used with).
import '@joinedcare/core/define.js';
import { safeDefine } from '@joinedcare/core';
import { JcReferralStatus } from './referral-status.js';

safeDefine('jc-referral-status', JcReferralStatus);

declare global {
  interface HTMLElementTagNameMap {
    'jc-referral-status': JcReferralStatus;
  }
}
