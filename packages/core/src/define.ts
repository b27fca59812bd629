// Registers <jc-context>. Safe to import more than once, and alongside another copy of the library.
import { JcContext } from './context/jc-context.js';
import { safeDefine } from './element/define.js';

safeDefine('jc-context', JcContext);

declare global {
  interface HTMLElementTagNameMap {
    'jc-context': JcContext;
  }
}
