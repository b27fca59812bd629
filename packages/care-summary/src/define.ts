// Registers <jc-care-summary> (and <jc-context>, which it is used with).
import '@joinedcare/core/define.js';
import { safeDefine } from '@joinedcare/core';
import { JcCareSummary } from './care-summary.js';

safeDefine('jc-care-summary', JcCareSummary);

declare global {
  interface HTMLElementTagNameMap {
    'jc-care-summary': JcCareSummary;
  }
}
