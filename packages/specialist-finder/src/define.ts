// Registers <jc-advice-prompt> and <jc-specialist-finder> (and <jc-context>, which they are used with).
import '@joinedcare/core/define.js';
import { safeDefine } from '@joinedcare/core';
import { JcAdvicePrompt } from './advice-prompt.js';
import { JcSpecialistFinder } from './specialist-finder.js';

safeDefine('jc-advice-prompt', JcAdvicePrompt);
safeDefine('jc-specialist-finder', JcSpecialistFinder);

declare global {
  interface HTMLElementTagNameMap {
    'jc-advice-prompt': JcAdvicePrompt;
    'jc-specialist-finder': JcSpecialistFinder;
  }
}
