// Registers <jc-advice-panel> (and <jc-context>, which it is used with).
import '@joinedcare/core/define.js';
import { safeDefine } from '@joinedcare/core';
import { JcAdvicePanel } from './advice-panel.js';

safeDefine('jc-advice-panel', JcAdvicePanel);

declare global {
  interface HTMLElementTagNameMap {
    'jc-advice-panel': JcAdvicePanel;
  }
}
