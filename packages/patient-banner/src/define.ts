// Registers <jc-patient-banner> (and <jc-context>, which it is used with).
import '@joinedcare/core/define.js';
import { safeDefine } from '@joinedcare/core';
import { JcPatientBanner } from './patient-banner.js';

safeDefine('jc-patient-banner', JcPatientBanner);

declare global {
  interface HTMLElementTagNameMap {
    'jc-patient-banner': JcPatientBanner;
  }
}
